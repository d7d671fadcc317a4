/** All user-facing wording, platform-neutral. Never includes an answer. */

import type { Organiser } from "../domain/ports.js";
import { type Dialect, slackDialect, teamsDialect } from "./admin/dialect.js";

/** Why we ask, who sees what, how it is protected and how the results are used: shown in the invitation. */
export const invitationText = {
	title: "A short, anonymous question about your background",
	why: "We're asking everyone who works here about their socio-economic background, with the questions the Social Mobility Commission recommends. It takes under a minute.",
	/** `k`: the fewest answers any published figure rests on (the campaign's frozen minimum). */
	who: (k: number) =>
		`Nobody, not your manager, HR or the people who look after the database, can see what you answered. Leaders see only totals for groups of at least ${k} answers.`,
	how: "Your answer is encrypted the moment you send it and stored with nothing that points to you. We record only that you took part, so we don't remind you again.",
	use: "The totals show where people from less advantaged backgrounds are missing or held back, so that something can be done about it. Nothing links your answer to you, so it cannot be used in any decision about you.",
	voluntary:
		"Answering is voluntary, and every question has \u201cI prefer not to say\u201d.",
};

/** "Not on the roster", naming whom to ask when the campaign says, in dialect `d`. */
export function notInvitedText(organiser: Organiser, d: Dialect): string {
	const who = organiser.contact ?? organiser.runBy;
	return who === null
		? text.notInvited
		: `You're not on the roster for this census, so there is nothing to answer. If you think that's wrong, ask ${d.escape(who)}.`;
}

/** The trust statement: exactly what is protected, from whom, and what is not. */
export const trustStatement = [
	"*What we protect.* Your answer is encrypted the moment it arrives, to a key that only the process which counts the answers at close can open: not the servers that receive answers or send messages. It is stored without your name, user id, email or any time stamp. Who took part and what was answered live in two separate places with nothing that links them.",
	"*From whom.* Your manager, HR, the census admins, and anyone with a copy of the database, its backups or its change log, cannot see your answer. Answers are decrypted only once, when the census closes, and only group totals are kept; then the encrypted answers are deleted and the campaign key is destroyed.",
	"*What leaders see.* Only totals for groups with at least 10 answers. Smaller groups are hidden or merged.",
	"*What we cannot protect.* Someone who takes over the server that receives answers could see one while it is being sent. The key that opens answers (the tally key) is kept apart from the database and is meant to be destroyed after the census: anyone who got hold of it before then, together with the database's change log from before the close, could match answers to people. Where one server runs everything, whoever controls that server could. Slack carries the traffic, as with any Slack app. Because nothing links your answer to you, it cannot be changed or deleted once sent.",
];

/** Wording for Slack replies and views. */
export const text = {
	thanks:
		"Thank you, your answer has been recorded anonymously. There's nothing more to do.",
	alreadyAnswered:
		"You've already answered this census, thank you. Each person's answer is counted once.",
	notInvited:
		"You're not on the roster for this census, so there is nothing to answer. If you think that's wrong, ask the person running it.",
	noCensus: "There's no census open right now.",
	closed:
		"This census has closed, so no more answers can be recorded. Thank you for your interest.",
	optedOut:
		"Understood: we won't remind you about this census. If you change your mind, you can still answer until it closes.",
	notAdmin:
		"Sorry, only census admins can run that command. You can answer the census from the message the bot sent you.",
	uploadNotAdmin:
		"Sorry, only census admins can import the roster, so your file was not read. You can answer the census from the message the bot sent you.",
	invalidAnswer: "Please choose one option for each question.",
	busy: "Lots of people are answering right now, and yours has not been recorded yet. Please send it again in a moment.",
	error: (ref: string) =>
		`Sorry, something went wrong on our side and nothing was changed. Please try again in a minute (reference ${ref}).`,
};

/** The help text for the census commands, in a platform's dialect. */
export function censusHelp(d: Dialect): string {
	const c = (sub: string) => d.code(d.command(sub));
	return [
		`${d.bold("Census commands")} (admins only)`,
		`${d.code(`${d.command("start")} name="Census 2026" closes=2026-12-14 channel=${d.channelExample} target=70 questions=key,school,fsm,parents_degree`)} opens a census and invites everyone on the roster.`,
		`${c("start")} alone opens a form with every setting below, the defaults filled in, and a preview of the invitation as employees will see it.`,
		...(d.channelNote ? [d.channelNote] : []),
		`${c("check")} looks everyone on the roster up on ${d.platforms} (nothing is sent) and says how many can be reached, with a CSV of those who cannot and why.`,
		"To import the roster, send me its CSV in our private chat: I check it as the command line's dry run does (every problem with its line number) and offer an Import button.",
		`${c("status")} shows response rates overall and by reporting group, and where each platform's invitations stand (delivered, pending, unknown, undeliverable).`,
		`${c("unreachable")} sends you, privately, the list of people the open census could not reach, with why (a CSV: never who has or has not answered).`,
		'Add `grades="AO,EO,HEO,G7,SCS"` (junior first) to set the grade order; otherwise grades are sorted by name.',
		'Also: `reminders=3` (automatic reminder waves, 0-5: the first half-way, then every 4 working days), `low=50` (groups below this response rate get manager nudges), `hours="09:00-17:00,mon-fri"` (messages go out only in each person\'s working hours, in their own time zone) and `timezone=Europe/London` (for people without one, and for the closing time).',
		'Say who runs it: `runby="People team"` `contact=people@your-organisation.co.uk` `privacy=https://…` (your privacy notice) and, if you like, `message="…"` (a short note from a leader); the invitation shows them. Defaults: CENSUS_RUN_BY, CENSUS_CONTACT, CENSUS_PRIVACY_URL.',
		`${c("remind")} sends the next reminder wave now, to people who have neither answered nor opted out, with the managers' nudges.`,
		`${c("nudge")} sends the managers of groups below the low-uptake threshold their group's response rate now (rates only, never names).`,
		`${c("close")} closes the census and tallies the answers; you get a private preview of the report.`,
		`${d.code(d.command("results [campaign id]"))} shows the latest (or that) report privately, with a button to post it to the leadership channel.`,
		`${c("resend-unknown")} sends again the invitations ${d.platforms} did not confirm (they are never resent on their own).`,
		`${c("help")} shows this message.`,
		"Defaults: closes in 14 days (at midnight, organisation time; the census then closes by itself and you get the preview to post), target 70, questions=key, reminders=3, low=50. Leadership get a participation update every week.",
	].join("\n");
}

/** The help text for `/census` in Slack. */
export const helpText = censusHelp(slackDialect);

/** The help text for `census …` in Teams. */
export const teamsHelpText = censusHelp(teamsDialect);

/** The trust statement as Teams shows it: markdown bold, and Microsoft carries the traffic. */
export const teamsTrustStatement = trustStatement.map((p) =>
	p
		.replace(/^\*([^*]+)\*/, "**$1**")
		.replace(
			"Slack carries the traffic, as with any Slack app.",
			"Microsoft carries the traffic, as with any Teams app.",
		),
);

/** Wording only the Teams bot uses. */
export const teamsText = {
	hint: "I run this organisation's anonymous background census. Send `census help` to see the commands.",
	unknown: (word: string) =>
		`Unknown subcommand "${teamsDialect.escape(word.slice(0, 80))}". Try \`census help\`.`,
	noChart: "The chart is not included: it was too large for a Teams card.",
	ownChatOnly:
		"That only works from your own chat with Census (or, for census admins, a team channel). Nothing was changed.",
};
