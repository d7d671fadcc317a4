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

/**
 * BullMQ's limiter counts in fixed windows, so "50 per 1000 ms" can send 100 within one rolling second across
 * a window boundary, and the platform answers 429. Pacing in small windows (one message every 20 ms at 50/s)
 * keeps every rolling second at the limit.
 */
function pacing(perSecond: number): { max: number; duration: number } {
	if (perSecond <= 200)
		return { max: 1, duration: Math.ceil(1000 / perSecond) };
	return { max: Math.ceil(perSecond / 200), duration: 5 };
}

/**
 * Starts the worker that sends deliveries; payloads are validated before use. Sends are limited to
 * `perSecond` across every worker of the queue (BullMQ's queue-wide limiter). When the platform still answers
 * 429, the whole queue pauses for its Retry-After and the job goes back to wait without using up an attempt.
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
				);
			} catch (err) {
				if (!(err instanceof PlatformRateLimited)) throw err;
				opts.logger.warn(
					{ queue: queueNames.deliveries, durationMs: err.retryAfterMs },
					"platform rate limit: queue paused",
				);
				await worker.rateLimit(err.retryAfterMs);
				throw Worker.RateLimitError();
			}
		},
		{
			connection: opts.connection,
			prefix: opts.prefix,
			// Enough jobs in flight to reach the limit when each send waits on the network.
			concurrency:
				opts.concurrency ??
				Math.min(32, Math.max(8, Math.ceil((opts.perSecond ?? 0) / 20))),
			...(opts.perSecond ? { limiter: pacing(opts.perSecond) } : {}),
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
