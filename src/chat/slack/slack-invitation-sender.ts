import { ErrorCode, type WebClient } from "@slack/web-api";
import { UnrecoverableError } from "bullmq";
import type { CensusStore } from "../../domain/ports.js";
import {
	type InvitationJob,
	PlatformRateLimited,
} from "../../jobs/job-definitions.js";
import { invitationText } from "../messages.js";
import { invitationBlocks } from "./blocks.js";

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
 * Delivers one invitation DM. The invitation is claimed first, so two workers never send the same one.
 * - 429: the claim is given back and the queue pauses for Retry-After (`PlatformRateLimited`).
 * - the person cannot be reached (left, blocked the bot): `undeliverable`, never retried.
 * - any other answer from Slack (nothing was posted): the claim is given back for a retry.
 * - no clear answer (timeout, dropped connection, 5xx): it may have arrived, so it is marked `unknown` and
 *   not resent until an admin asks (`/census resend-unknown`).
 * The client must have retries off and `rejectRateLimitedCalls` on, so none of this happens behind our back.
 */
export function createSlackInvitationSender(
	client: WebClient,
	store: CensusStore,
) {
	return async (job: InvitationJob): Promise<boolean> => {
		const campaign = await store.findCampaign(job.campaignId);
		if (campaign?.status !== "open") return false;
		const p = await store.claimInvitation(job.campaignId, job.employeeId);
		if (!p?.slackUserId) return false;
		let posted: Awaited<ReturnType<WebClient["chat"]["postMessage"]>>;
		try {
			posted = await client.chat.postMessage({
				channel: p.slackUserId,
				text: invitationText.title,
				blocks: invitationBlocks(campaign),
			});
		} catch (err) {
			const e = err as {
				code?: string;
				retryAfter?: number;
				data?: { error?: string };
			};
			if (e.code === ErrorCode.RateLimitedError) {
				await store.releaseInvitation(job.campaignId, job.employeeId);
				throw new PlatformRateLimited(1000 * (e.retryAfter ?? 1));
			}
			if (e.code === ErrorCode.PlatformError) {
				if (unreachable.has(e.data?.error ?? "")) {
					await store.markUndeliverable(job.campaignId, job.employeeId);
					return false;
				}
				await store.releaseInvitation(job.campaignId, job.employeeId);
				throw err;
			}
			await store.markUnknown(job.campaignId, job.employeeId);
			throw new UnrecoverableError(
				"invitation delivery outcome unknown; not resent automatically",
			);
		}
		await store.markInvited(
			job.campaignId,
			job.employeeId,
			posted.channel ?? p.slackUserId,
			posted.ts ?? "",
		);
		return true;
	};
}
