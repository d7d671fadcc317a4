import {
	parseWorkingHours,
	type WorkingHours,
} from "../../domain/campaigns/working-hours.js";
import type { DeliveryChannel } from "../../domain/deliveries/delivery-channel.js";
import {
	NothingSent,
	PlatformOverloaded,
	PlatformRateLimited,
	RecipientUnreachable,
} from "../../domain/deliveries/delivery-errors.js";
import { holdForDoNotDisturb } from "../../domain/deliveries/do-not-disturb.js";
import type {
	ClaimedDelivery,
	DeliveryRecipient,
} from "../../domain/deliveries/outbox-store.js";
import type { Campaign, CensusStore, Clock } from "../../domain/ports.js";
import { englishOnly, type Languages } from "../../text/languages.js";
import { invitationBlocks } from "./blocks.js";
import type { DndCache } from "./dnd-cache.js";
import { outreachMessage } from "./outreach-blocks.js";
import {
	type SlackPostResult,
	SlackPostUnclear,
} from "./slack-web-api-poster.js";

/** Every hour of every day: for a campaign whose stored hours cannot be read, Do Not Disturb alone decides. */
const allHours: WorkingHours = {
	start: "00:00",
	end: "24:00",
	days: [1, 2, 3, 4, 5, 6, 7],
};

/** Slack errors that mean this person cannot be reached by DM: retrying will not help. */
const unreachable = new Set([
	"channel_not_found",
	"user_not_found",
	"cannot_dm_bot",
	"user_disabled",
	"is_archived",
	"not_in_channel",
]);

/**
 * Slack errors that mean the app itself may no longer post (uninstalled, its bot token revoked; `account_inactive`
 * is the bot's account, not the recipient's): nothing was sent, and nobody is unreachable. The delivery is tried
 * again later, and `appRefused` pauses Slack's deliveries until the app is back, so none is lost.
 */
const appRefused = new Set([
	"account_inactive",
	"invalid_auth",
	"not_authed",
	"token_revoked",
	"token_expired",
]);

/** Gateway statuses that back the queue off. */
const overloaded = new Set([502, 503, 504]);

/** Posts one Web API call with a JSON body; never retries (see `SlackWebApiPoster`). */
export type SlackPost = (
	method: string,
	json: string,
) => Promise<SlackPostResult>;

/**
 * Sends outbox deliveries through Slack's `chat.postMessage`, without retries, so nothing is resent behind the
 * outbox's back. Slack's answers are sorted into: 429 (`PlatformRateLimited`), recipient unreachable, an error
 * that proves nothing was posted (`NothingSent`), 502/503/504 (`PlatformOverloaded`: may have arrived, and the
 * queue backs off); anything else (timeout, dropped connection, other 5xx) propagates as is and is treated as
 * "may have arrived".
 */
export function createSlackDeliveryChannel(deps: {
	post: SlackPost;
	store: CensusStore;
	/** Do Not Disturb states; without it nothing is held. */
	dnd?: DndCache;
	clock?: Clock;
	/** Slack refused the app itself (see `appRefused`): pauses Slack's deliveries and tells the admins. */
	appRefused?: (error: string) => Promise<void>;
	/** The languages employees are spoken to in (absent: English (UK) only). */
	languages?: Languages;
}): DeliveryChannel {
	const { post, store, dnd } = deps;
	const clock = deps.clock ?? { now: () => new Date() };
	// Campaign settings are frozen once open, so one read per campaign and process is enough.
	const campaigns = new Map<string, Promise<Campaign | null>>();
	const campaignOf = (id: string) => {
		let c = campaigns.get(id);
		if (!c) {
			c = store.findCampaign(id);
			campaigns.set(id, c);
			c.catch(() => campaigns.delete(id));
		}
		return c;
	};
	const languages = deps.languages ?? englishOnly;
	// An invitation (or a reminder of one wave) is the same message for everyone in a campaign who reads the same
	// language: its JSON is built once per language, and each send only prefixes the channel. The reader's language
	// is the roster's, else their Slack locale (recorded from the reach check's listing, at no call of its own), else
	// the default.
	const shared = new Map<string, string>();
	const messageJson = (d: ClaimedDelivery, campaign: Campaign): string => {
		const t = languages.pick(d.language, d.platformLocale);
		if (d.kind !== "invite" && d.kind !== "reminder")
			return JSON.stringify(outreachMessage(d, campaign, t)).slice(1);
		const key = `${d.campaignId}:${d.kind}:${d.wave}:${t.locale}`;
		let json = shared.get(key);
		if (json === undefined) {
			const message =
				d.kind === "invite"
					? {
							text: t.t("invitation.title"),
							blocks: invitationBlocks(campaign, t),
						}
					: outreachMessage(d, campaign, t);
			json = JSON.stringify(message).slice(1);
			shared.set(key, json);
		}
		return json;
	};
	const hours = new Map<string, WorkingHours>();
	const hoursOf = (campaign: Campaign): WorkingHours => {
		let h = hours.get(campaign.id);
		if (!h) {
			const parsed = parseWorkingHours(campaign.workingHours);
			h = parsed.ok ? parsed.value : allHours;
			hours.set(campaign.id, h);
		}
		return h;
	};
	return {
		// Invitations, reminders and nudges wait while the person is in Do Not Disturb; channel posts never do.
		async holdUntil(r: DeliveryRecipient): Promise<Date | null> {
			if (!dnd || r.kind === "post" || !r.slackUserId) return null;
			try {
				const state = await dnd.stateOf(r.slackUserId);
				if (!state) return null;
				const campaign = await campaignOf(r.campaignId);
				if (!campaign) return null;
				return holdForDoNotDisturb(
					clock.now(),
					state,
					r.timeZone ?? campaign.timeZone,
					hoursOf(campaign),
				);
			} catch {
				return null;
			}
		},

		async deliver(d: ClaimedDelivery): Promise<string> {
			const campaign = await campaignOf(d.campaignId);
			if (!campaign) throw new RecipientUnreachable("campaign_not_found");
			// A post goes to its channel, a notice to the person it names (a DM by their user id).
			const channel =
				d.kind === "post" || d.kind === "notice" ? d.recipient : d.slackUserId;
			if (!channel) throw new RecipientUnreachable("no_slack_user");
			const result = await post(
				"chat.postMessage",
				// plain text: JSON of a channel id, not markup.
				`{"channel":${JSON.stringify(channel)},${messageJson(d, campaign)}`,
			).catch((err: unknown) => {
				// A gateway that gave up (502, 503, 504): the message may have gone, and Slack is struggling, so the
				// queue backs off as for Teams' 502/504 (the outbox marks the delivery unknown, never resent on its own).
				if (err instanceof SlackPostUnclear && overloaded.has(err.status))
					throw new PlatformOverloaded(err.status, err.retryAfterMs ?? 2000);
				throw err;
			});
			if (result.kind === "rate-limited")
				throw new PlatformRateLimited(result.retryAfterMs);
			if (result.kind === "refused") {
				if (unreachable.has(result.error))
					throw new RecipientUnreachable(result.error);
				if (appRefused.has(result.error)) await deps.appRefused?.(result.error);
				throw new NothingSent(result.error);
			}
			const posted = result.body;
			const ts = typeof posted.ts === "string" ? posted.ts : "";
			// plain text: a message reference, never shown.
			return `${typeof posted.channel === "string" ? posted.channel : channel}:${ts}`;
		},
	};
}
