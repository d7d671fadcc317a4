import { UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { OutboxStore } from "../domain/deliveries/outbox-store.js";
import type { Logger } from "../logger.js";
import {
	type DeliveryJob,
	deliveryJobSchema,
	PlatformRateLimited,
	queueNames,
} from "./job-definitions.js";
import { type DeliveryChannel, processDelivery } from "./process-delivery.js";
import { SendPacer } from "./send-pacer.js";

/**
 * Starts the worker that sends deliveries; payloads are validated before use. Sends are paced to `perSecond`
 * across every worker of the queue (`SendPacer`). When the platform still answers 429, the whole queue pauses for
 * its Retry-After and the job goes back to wait without using up an attempt.
 */
export function startDeliveryWorker(opts: {
	connection: Redis;
	prefix: string;
	outbox: OutboxStore;
	channel: DeliveryChannel;
	logger: Logger;
	concurrency?: number;
	perSecond?: number;
}): Worker<DeliveryJob> {
	const pacer = opts.perSecond
		? new SendPacer(
				opts.connection,
				`${opts.prefix}:census:send-pacer:${queueNames.deliveries}`,
				opts.perSecond,
			)
		: null;
	const worker: Worker<DeliveryJob> = new Worker<DeliveryJob>(
		queueNames.deliveries,
		async (job) => {
			const parsed = deliveryJobSchema.safeParse(job.data);
			if (!parsed.success)
				throw new UnrecoverableError("invalid delivery job payload");
			const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
			try {
				return await processDelivery(
					opts.outbox,
					opts.channel,
					parsed.data.deliveryId,
					finalAttempt,
					pacer ? () => pacer.wait() : undefined,
				);
			} catch (err) {
				if (!(err instanceof PlatformRateLimited)) throw err;
				opts.logger.warn(
					{ queue: queueNames.deliveries, durationMs: err.retryAfterMs },
					"platform rate limit: queue paused",
				);
				await pacer?.backOff(err.retryAfterMs);
				await worker.rateLimit(err.retryAfterMs);
				throw Worker.RateLimitError();
			}
		},
		{
			connection: opts.connection,
			prefix: opts.prefix,
			// Enough jobs in flight to reach the limit when each send waits for its slot and the network.
			concurrency:
				opts.concurrency ??
				Math.min(128, Math.max(8, Math.ceil((opts.perSecond ?? 0) / 20))),
		},
	);
	worker.on("failed", (job, err) => {
		opts.logger.warn(
			{
				queue: queueNames.deliveries,
				jobId: job?.id,
				attempts: job?.attemptsMade,
				err,
			},
			"delivery job failed",
		);
	});
	worker.on("error", (err) =>
		opts.logger.error({ queue: queueNames.deliveries, err }, "worker error"),
	);
	return worker;
}
