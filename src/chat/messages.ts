/** Wording shared by the platforms. Never includes an answer. */

import type { Organiser } from "../domain/ports.js";
import type { MessageKey } from "../text/message-catalogue.js";
import { english, type Translator } from "../text/translator.js";
import { type Dialect, slackDialect, teamsDialect } from "./admin/dialect.js";

/** The invitation's title in English (UK), for the admin's own messages and checks; employees get theirs via a `Translator`. */
export const invitationText = {
	title: english.t("invitation.title"),
};

/** "Not on the roster", naming whom to ask when the campaign says, in dialect `d` and the reader's language. */
export function notInvitedText(
	organiser: Organiser,
	d: Dialect,
	t: Translator = english,
): string {
	const who = organiser.contact ?? organiser.runBy;
	return who === null
		? t.t("result.notInvited")
		: t.t("result.notInvitedAsk", { who: d.escape(who) });
}

/**
 * The trust statement in dialect `d` and the reader's language: exactly what is protected, from whom, and what is
 * not. `k` is the campaign's smallest group shown (its frozen minimum cell size); when it is not known (a trust
 * button sent before the value carried it) what leaders see is left unsaid rather than guessed.
 */
export function trustStatement(
	t: Translator,
	d: Dialect,
	k: number | null,
): string[] {
	const p = (heading: MessageKey, body: string) =>
		`${d.bold(t.t(heading))} ${body}`;
	return [
		p("trust.protectHeading", t.t("trust.protect")),
		p("trust.fromWhomHeading", t.t("trust.fromWhom")),
		...(k === null
			? []
			: [p("trust.leadersHeading", t.t("trust.leaders", { k: String(k) }))]),
		p("trust.limitsHeading", t.t("trust.limits", { platform: d.platform })),
	];
}

/**
 * Replies in English (UK). What an employee reads is said in their language through a `Translator` (see
 * `src/text/catalogue/`); these English forms serve the admin commands and the checks of the English wording.
 */
export const text = {
	thanks: english.t("result.thanks"),
	alreadyAnswered: english.t("result.alreadyAnswered"),
	notInvited: english.t("result.notInvited"),
	noCensus: english.t("result.noCensus"),
	closed: english.t("result.closed"),
	optedOut: english.t("result.optedOut"),
	notAdmin: english.t("result.notAdmin"),
	uploadNotAdmin: english.t("result.uploadNotAdmin"),
	invalidAnswer: english.t("result.invalidAnswer"),
	busy: english.t("result.busy"),
	error: (ref: string) => english.t("result.error", { ref }),
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

/** Wording only the Teams bot uses. */
export const teamsText = {
	hint: english.t("teams.hint", { command: "`census help`" }),
	unknown: (word: string) =>
		`Unknown subcommand "${teamsDialect.escape(word.slice(0, 80))}". Try \`census help\`.`,
	noChart: "The chart is not included: it was too large for a Teams card.",
	ownChatOnly: english.t("teams.ownChatOnly"),
};
