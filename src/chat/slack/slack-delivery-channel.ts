import type { ClaimedDelivery } from "../../domain/deliveries/outbox-store.js";
import type { Campaign, CensusStore } from "../../domain/ports.js";
import {
	NothingSent,
	PlatformRateLimited,
	RecipientUnreachable,
} from "../../jobs/job-definitions.js";
import type { DeliveryChannel } from "../../jobs/process-delivery.js";
import { invitationText } from "../messages.js";
import { invitationBlocks } from "./blocks.js";
import { outreachMessage } from "./outreach-blocks.js";
import type { SlackPostResult } from "./slack-web-api-poster.js";

/** Slack errors that mean this person cannot be reached by DM: retrying will not help. */
const unreachable = new Set([
	"channel_not_found",
	"user_not_found",
	"cannot_dm_bot",
	"user_disabled",
	"account_inactive",
	"is_archived",
	"not_in_channel",
]);

/** Posts one Web API call with a JSON body; never retries (see `SlackWebApiPoster`). */
export type SlackPost = (
	method: string,
	json: string,
) => Promise<SlackPostResult>;

/**
 * Sends outbox deliveries through Slack's `chat.postMessage`, without retries, so nothing is resent behind the
 * outbox's back. Slack's answers are sorted into: 429 (`PlatformRateLimited`), recipient unreachable, an error
 * that proves nothing was posted (`NothingSent`); anything else (timeout, dropped connection, 5xx) propagates as
 * is and is treated as "may have arrived".
 */
export function createSlackDeliveryChannel(
	post: SlackPost,
	store: CensusStore,
): DeliveryChannel {
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
	// An invitation (or a reminder of one wave) is the same message for everyone in a campaign: its JSON is
	// built once, and each send only prefixes the channel.
	const shared = new Map<string, string>();
	const messageJson = (d: ClaimedDelivery, campaign: Campaign): string => {
		if (d.kind !== "invite" && d.kind !== "reminder")
			return JSON.stringify(outreachMessage(d, campaign)).slice(1);
		const key = `${d.campaignId}:${d.kind}:${d.wave}`;
		let json = shared.get(key);
		if (json === undefined) {
			const message =
				d.kind === "invite"
					? { text: invitationText.title, blocks: invitationBlocks(campaign) }
					: outreachMessage(d, campaign);
			json = JSON.stringify(message).slice(1);
			shared.set(key, json);
		}
		return json;
	};
	return {
		async deliver(d: ClaimedDelivery): Promise<string> {
			const campaign = await campaignOf(d.campaignId);
			if (!campaign) throw new RecipientUnreachable("campaign_not_found");
			const channel = d.kind === "post" ? d.recipient : d.slackUserId;
			if (!channel) throw new RecipientUnreachable("no_slack_user");
			const result = await post(
				"chat.postMessage",
				`{"channel":${JSON.stringify(channel)},${messageJson(d, campaign)}`,
			);
			if (result.kind === "rate-limited")
				throw new PlatformRateLimited(result.retryAfterMs);
			if (result.kind === "refused") {
				if (unreachable.has(result.error))
					throw new RecipientUnreachable(result.error);
				throw new NothingSent(result.error);
			}
			const posted = result.body;
			const ts = typeof posted.ts === "string" ? posted.ts : "";
			return `${typeof posted.channel === "string" ? posted.channel : channel}:${ts}`;
		},
	};
}
