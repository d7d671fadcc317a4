import { ErrorCode, type WebClient } from "@slack/web-api";
import { UnrecoverableError } from "bullmq";
import type { CensusStore } from "../../domain/ports.js";
import type { InvitationJob } from "../../jobs/job-definitions.js";
import { invitationText } from "../messages.js";
import { invitationBlocks } from "./blocks.js";

/**
 * Delivers one invitation DM. The invitation is claimed first, so two workers never send the
 * same one. A failure Slack answered (so nothing was posted) gives the claim back for a retry;
 * an ambiguous one (no answer) leaves it claimed and is not retried, to avoid a double DM.
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
			const code = (err as { code?: string }).code;
			if (
				code === ErrorCode.PlatformError ||
				code === ErrorCode.RateLimitedError
			) {
				await store.releaseInvitation(job.campaignId, job.employeeId);
				throw err;
			}
			throw new UnrecoverableError(
				"invitation delivery outcome unknown; not retried",
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
