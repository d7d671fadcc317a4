import type { DeliveryKind } from "./outbox-store.js";

/** A chat platform the bot reaches people on. */
export type Platform = "slack" | "teams";

/**
 * A person as their platform names them to the bot: a Slack user id; on Teams the bot-scoped id (`29:…`) and,
 * when Teams sends it, the Entra object id (the roster may hold either).
 */
export type PlatformUser =
	| { platform: "slack"; id: string }
	| { platform: "teams"; id: string; aadObjectId: string | null };

/** A queued delivery with what decides the platform that carries it. */
export type RoutingFacts = {
	kind: DeliveryKind;
	/** The employee id, a manager's email or a channel. */
	recipient: string;
	/** The recipient's ids on the roster, when the recipient is a person on it. */
	slackUserId: string | null;
	teamsUserId: string | null;
};

/** A Teams channel id as `channel=` takes it and the Bot Connector posts to (`19:…@thread.tacv2`). */
export const teamsChannelId = /^19:[A-Za-z0-9_.-]+@thread\.(tacv2|skype)$/;

/** A Slack user id (`U…`, `W…`); a person's Teams id is `29:…` or an Entra object id. */
export function isSlackUserId(id: string): boolean {
	return /^[UW][A-Z0-9]{2,}$/.test(id);
}

/** True for a Teams channel id; anything else names a Slack channel. */
export function isTeamsChannel(channel: string): boolean {
	return teamsChannelId.test(channel);
}

/** The platform a channel is on: a Teams channel id is Teams', anything else names a Slack channel. */
export function platformOfChannel(channel: string): Platform {
	return isTeamsChannel(channel) ? "teams" : "slack";
}

/**
 * Which of the configured platforms (in order of preference) carries a delivery. A channel post goes where its
 * channel is; a notice goes to the platform of the user id it names (the admin's, from where they started the
 * campaign). A person goes by the first configured platform the roster has an id for; a manager known only by
 * email goes by the first platform (Slack can look people up by email; Teams cannot, and will report them
 * undeliverable). With nothing configured, Slack: the row waits in the outbox until a worker for it runs.
 */
export function routeDelivery(
	d: RoutingFacts,
	platforms: readonly Platform[],
): Platform {
	const first = platforms[0] ?? "slack";
	if (d.kind === "post") {
		const wanted = platformOfChannel(d.recipient);
		return platforms.includes(wanted) ? wanted : first;
	}
	if (d.kind === "notice") {
		const wanted: Platform = isSlackUserId(d.recipient) ? "slack" : "teams";
		return platforms.includes(wanted) ? wanted : first;
	}
	return platformOfPerson(d, platforms) ?? first;
}

/** The first configured platform (in order of preference) the roster has an id for the person on, if any. */
export function platformOfPerson(
	ids: { slackUserId: string | null; teamsUserId: string | null },
	platforms: readonly Platform[],
): Platform | null {
	for (const p of platforms) {
		if (p === "slack" && ids.slackUserId) return p;
		if (p === "teams" && ids.teamsUserId) return p;
	}
	return null;
}
