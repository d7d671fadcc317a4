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

/** The help text for the census commands, in a platform's dialect and the admin's language. */
export function censusHelp(d: Dialect, t: Translator = english): string {
	const c = (sub: string) => d.code(d.command(sub));
	const channelNote = d.channelNote(t);
	return [
		t.t("help.headingNote", { heading: d.bold(t.t("help.heading")) }),
		t.t("help.start", {
			example: d.code(
				`${d.command("start")} name="Census 2026" closes=2026-12-14 channel=${d.channelExample} target=70 questions=key,school,fsm,parents_degree`,
			),
		}),
		t.t("help.startForm", { command: c("start") }),
		...(channelNote ? [channelNote] : []),
		t.t("help.check", { command: c("check"), platforms: d.platforms(t) }),
		t.t("help.upload"),
		t.t("help.status", { command: c("status") }),
		t.t("help.unreachable", { command: c("unreachable") }),
		t.t("help.grades", { grades: d.code('grades="AO,EO,HEO,G7,SCS"') }),
		t.t("help.also", {
			reminders: d.code("reminders=3"),
			low: d.code("low=50"),
			hours: d.code('hours="09:00-17:00,mon-fri"'),
			timezone: d.code("timezone=Europe/London"),
		}),
		t.t("help.runBy", {
			runBy: d.code('runby="People team"'),
			contact: d.code("contact=people@your-organisation.co.uk"),
			privacy: d.code("privacy=https://…"),
			message: d.code('message="…"'),
			defaults: "CENSUS_RUN_BY, CENSUS_CONTACT, CENSUS_PRIVACY_URL",
		}),
		t.t("help.remind", { command: c("remind") }),
		t.t("help.nudge", { command: c("nudge") }),
		t.t("help.close", { command: c("close") }),
		t.t("help.results", {
			command: c(`results [${t.t("help.campaignId")}]`),
		}),
		t.t("help.resend", {
			command: c("resend-unknown"),
			platforms: d.platforms(t),
		}),
		t.t("help.help", { command: c("help") }),
		t.t("help.defaults"),
	].join("\n");
}

/** The help text for `/census` in Slack. */
export const helpText = censusHelp(slackDialect);

/** The help text for `census …` in Teams. */
export const teamsHelpText = censusHelp(teamsDialect);

/** Wording only the Teams bot uses, in the reader's language `t` (English (UK) for the checks of the wording). */
export const teamsText = {
	hint: english.t("teams.hint", { command: "`census help`" }),
	/** The reply to a subcommand the bot does not know; `word` (the sender's) is cut and escaped here. */
	unknown: (word: string, t: Translator = english) =>
		t.t("admin.unknown", {
			word: teamsDialect.escape(word.slice(0, 80)),
			help: teamsDialect.code(teamsDialect.command("help")),
		}),
	ownChatOnly: english.t("teams.ownChatOnly"),
};
