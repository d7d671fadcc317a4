import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type {
	CampaignCloser,
	CloseResult,
} from "../domain/campaigns/campaign-closer.js";
import { closedAsPlannedNotice } from "../domain/campaigns/outreach-service.js";
import type { OutboxStore } from "../domain/deliveries/outbox-store.js";
import { asCampaignId } from "../domain/ids.js";
import type { Clock } from "../domain/ports.js";
import type { Logger } from "../logger.js";
import { queueNames } from "./job-definitions.js";
import { type CloseJobResult, closeJobSchema } from "./tally-queue.js";

/** What the tally process says about a close: outcome and reason only. */
export function closeJobResult(result: CloseResult): CloseJobResult {
	if (result.ok) return { outcome: "closed" };
	if (result.reason === "none-open") return { outcome: "none-open" };
	return { outcome: result.reason, detail: result.detail };
}

/**
 * The tally process's one consumer: closes the campaigns it is asked to, one at a time. After a scheduled close
 * the admin who started the campaign is told through the outbox; an admin's own close is answered by the web
 * process that is waiting for it.
 */
export function startTallyWorker(opts: {
	connection: Redis;
	prefix: string;
	closer: CampaignCloser;
	outbox: OutboxStore;
	/** Hands the notice to the delivery queue now; a failure leaves it for the worker's sweep. */
	dispatch: () => Promise<unknown>;
	clock: Clock;
	logger: Logger;
}): Worker {
	const worker = new Worker(
		queueNames.tally,
		async (job) => {
			const request = closeJobSchema.parse(job.data);
			const result = await opts.closer.close(asCampaignId(request.campaignId));
			const reported = closeJobResult(result);
			if (result.ok) {
				opts.logger.info(
					{
						campaignId: result.campaign.id,
						event: request.scheduled ? "scheduled-close" : "admin-close",
					},
					"campaign closed and tallied",
				);
				if (request.scheduled) {
					await opts.outbox.createDeliveries([
						closedAsPlannedNotice(
							result.campaign,
							result.report.responded,
							opts.clock.now(),
						),
					]);
					await opts.dispatch().catch(() => undefined);
				}
			} else if (result.reason !== "none-open") {
				opts.logger.error(
					{ campaignId: result.campaign.id, reason: result.reason },
					`campaign not tallied: ${reported.detail ?? result.reason}`,
				);
			}
			return reported;
		},
		{
			connection: opts.connection.duplicate(),
			prefix: opts.prefix,
			concurrency: 1,
			// Opening a million ballots keeps the event loop busy for minutes; the lock must outlast it.
			lockDuration: 10 * 60_000,
		},
	);
	worker.on("error", (err) =>
		opts.logger.error({ queue: queueNames.tally, err }, "worker error"),
	);
	return worker;
}
