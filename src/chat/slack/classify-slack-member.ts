import type { ReachOutcome } from "../../domain/roster/reach.js";

/** The fields of a Slack user object (`users.list` member, `users.lookupByEmail` user) that decide reach. */
export type SlackMember = {
	id?: string;
	deleted?: boolean;
	is_bot?: boolean;
	is_restricted?: boolean;
	is_ultra_restricted?: boolean;
	profile?: { email?: string };
	/** The member's Slack language, e.g. "en-US" or "cy-GB": sent only when asked for (`include_locale`). */
	locale?: string;
};

/**
 * Slack's own default language: every member who never chose one reports it, so it says nothing about what they
 * read. Taken as a preference, a Welsh deployment (`CENSUS_LANGUAGE=cy`) would write to most of its staff in English.
 */
const slackDefaultLocale = "en-US";

/** Slackbot: a member of every workspace, never a bot user by its flags. */
const slackbot = "USLACKBOT";

/**
 * Whether the bot may invite this member: not deactivated (`deleted`), not a bot or Slackbot, not a guest (multi- or
 * single-channel: `is_restricted`, `is_ultra_restricted`).
 */
export function classifySlackMember(member: SlackMember): ReachOutcome {
	if (member.deleted) return { kind: "unreachable", reason: "deactivated" };
	if (member.is_bot || member.id === slackbot)
		return { kind: "unreachable", reason: "bot" };
	if (member.is_restricted || member.is_ultra_restricted)
		return { kind: "unreachable", reason: "guest" };
	if (!member.id) return { kind: "unreachable", reason: "not_found" };
	return typeof member.locale === "string" &&
		member.locale &&
		member.locale !== slackDefaultLocale
		? { kind: "found", userId: member.id, locale: member.locale }
		: { kind: "found", userId: member.id };
}

/** Which of two outcomes for the same email to keep (an email can name several accounts, say an old deactivated one). */
export function betterOutcome(a: ReachOutcome, b: ReachOutcome): ReachOutcome {
	const rank = (o: ReachOutcome) =>
		o.kind === "found"
			? 0
			: o.reason === "guest"
				? 1
				: o.reason === "bot"
					? 2
					: o.reason === "deactivated"
						? 3
						: 4;
	return rank(b) < rank(a) ? b : a;
}
