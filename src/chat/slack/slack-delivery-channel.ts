import { ErrorCode, type WebClient } from "@slack/web-api";
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

/**
 * Sends outbox deliveries through Slack's Web API. The client must have retries off and `rejectRateLimitedCalls`
 * on, so nothing is resent behind the outbox's back. Slack's answers are sorted into: 429 (`PlatformRateLimited`),
 * recipient unreachable, an error that proves nothing was posted (`NothingSent`); anything else (timeout, dropped
 * connection, 5xx) propagates as is and is treated as "may have arrived".
 */
export function createSlackDeliveryChannel(
	client: WebClient,
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
	return {
		async deliver(d: ClaimedDelivery): Promise<string> {
			const campaign = await campaignOf(d.campaignId);
			if (!campaign) throw new RecipientUnreachable("campaign_not_found");
			const channel = d.kind === "post" ? d.recipient : d.slackUserId;
			if (!channel) throw new RecipientUnreachable("no_slack_user");
			const message =
				d.kind === "invite"
					? { text: invitationText.title, blocks: invitationBlocks(campaign) }
					: outreachMessage(d, campaign);
			try {
				const posted = await client.chat.postMessage({ channel, ...message });
				return `${posted.channel ?? channel}:${posted.ts ?? ""}`;
			} catch (err) {
				const e = err as {
					code?: string;
					retryAfter?: number;
					data?: { error?: string };
				};
				if (e.code === ErrorCode.RateLimitedError)
					throw new PlatformRateLimited(1000 * (e.retryAfter ?? 1));
				if (e.code === ErrorCode.PlatformError) {
					const error = e.data?.error ?? "unknown_error";
					if (unreachable.has(error)) throw new RecipientUnreachable(error);
					throw new NothingSent(error);
				}
				throw err;
			}
		},
	};
}
