import { DelayedError, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { DeliveryChannel } from "../domain/deliveries/delivery-channel.js";
import {
	PlatformOverloaded,
	PlatformRateLimited,
} from "../domain/deliveries/delivery-errors.js";
import type { OutboxStore } from "../domain/deliveries/outbox-store.js";
import type { Clock } from "../domain/ports.js";
import type { Logger } from "../logger.js";
import {
	type DeliveryJob,
	deliveryJobSchema,
	queueNames,
} from "./job-definitions.js";
import { type DeliveryOutcome, processDelivery } from "./process-delivery.js";
import {
	defaultRecoveryTimings,
	type RecoveryTimings,
} from "./recovery-timings.js";
import { SendPacer } from "./send-pacer.js";

/**
 * How long before its send slot a delivery job is woken to claim its delivery (one UPDATE), so that the send goes
 * out in its slot: a claim slower than the slot's tolerance (15 ms, often on a loaded machine) would otherwise give
 * the slot up and take a fresh one, and slots given up are sending capacity lost for the whole workspace (a third
 * of it with two workers on a busy host). A claim held this much longer is what a kill in that time may leave
 * `unknown` (at most the worker's concurrency, as before).
 */
export const claimLeadMs = 80;

/** The Redis key of a delivery queue's pacer: one per queue, shared by all its workers. */
export function sendPacerKey(prefix: string, queueName: string): string {
	return `${prefix}:census:send-pacer:${queueName}`;
}

/**
 * Starts the worker that sends deliveries; payloads are validated before use. Sends are paced to `perSecond`
 * across every worker of the queue (`SendPacer`). When the platform still answers 429, the whole queue pauses for
 * its Retry-After and the job goes back to wait without using up an attempt (so too after a 5xx to a call that
 * sends nothing); after a 502/503/504 to a send (recorded `unknown`) it pauses too.
 */
export function startDeliveryWorker(opts: {
	connection: Redis;
	/** The platform's delivery queue (default: Slack's). */
	queueName?: string;
	prefix: string;
	outbox: OutboxStore;
	channel: DeliveryChannel;
	logger: Logger;
	concurrency?: number;
	perSecond?: number;
	/** The clock held deliveries' times are computed with (default: the real one). */
	clock?: Clock;
	/** The queue's pacer, when the channel paces extra calls of its own with it (default: one at `perSecond`). */
	pacer?: SendPacer;
	/** How soon a dead worker's jobs come back (lock and stalled-check periods). */
	recovery?: Pick<RecoveryTimings, "lockMs" | "stalledCheckMs">;
}): Worker<DeliveryJob> {
	const recovery = opts.recovery ?? defaultRecoveryTimings;
	const clock = opts.clock ?? { now: () => new Date() };
	const queueName = opts.queueName ?? queueNames.deliveries;
	const pacer =
		opts.pacer ??
		(opts.perSecond
			? new SendPacer(
					opts.connection,
					sendPacerKey(opts.prefix, queueName),
					opts.perSecond,
				)
			: null);
	const worker: Worker<DeliveryJob> = new Worker<DeliveryJob>(
		queueName,
		async (job, token) => {
			const parsed = deliveryJobSchema.safeParse(job.data);
			if (!parsed.success)
				throw new UnrecoverableError("invalid delivery job payload");
			const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
			let outcome: DeliveryOutcome;
			try {
				outcome = await processDelivery(
					opts.outbox,
					opts.channel,
					parsed.data.deliveryId,
					finalAttempt,
					pacer ? () => pacer.wait(claimLeadMs) : undefined,
				);
			} catch (err) {
				if (err instanceof PlatformOverloaded) {
					// Recorded as unknown already: the job ends, and the queue slows down.
					opts.logger.warn(
						{
							queue: queueName,
							status: err.status,
							durationMs: err.retryAfterMs,
						},
						"platform overloaded: queue paused",
					);
					await pacer?.backOff(err.retryAfterMs);
					await worker.rateLimit(err.retryAfterMs);
					throw new UnrecoverableError(
						"delivery outcome unknown; not resent automatically",
					);
				}
				if (!(err instanceof PlatformRateLimited)) throw err;
				opts.logger.warn(
					{
						queue: queueName,
						status: err.status,
						durationMs: err.retryAfterMs,
					},
					"platform rate limit: queue paused",
				);
				await pacer?.backOff(err.retryAfterMs);
				await worker.rateLimit(err.retryAfterMs);
				throw Worker.RateLimitError();
			}
			if (typeof outcome === "string") return outcome;
			// Held (Do Not Disturb): the same job waits, delayed, without using an attempt.
			// Queue delays run on the real clock: the hold is measured against the app's.
			const delayMs = outcome.heldUntil.getTime() - clock.now().getTime();
			await job.moveToDelayed(Date.now() + Math.max(0, delayMs), token);
			throw new DelayedError();
		},
		{
			connection: opts.connection,
			prefix: opts.prefix,
			// A dead worker's jobs are found within lock + stalled check (see `settleBoundMs`). A job that stalls
			// again fails (`maxStalledCount`), and the outbox reconciler hands it over again or, if it was claimed,
			// records it `unknown`: rerunning a delivery job never sends twice, since the claim decides.
			lockDuration: recovery.lockMs,
			stalledInterval: recovery.stalledCheckMs,
			// Enough jobs in flight to reach the limit when each send waits for its slot, the database and the
			// network: about 50 ms a job when all is quiet, and over 130 ms on a busy machine (bench b).
			concurrency:
				opts.concurrency ??
				Math.min(256, Math.max(8, Math.ceil((opts.perSecond ?? 0) / 20))),
		},
	);
	worker.on("failed", (job, err) => {
		opts.logger.warn(
			{
				queue: queueName,
				jobId: job?.id,
				attempts: job?.attemptsMade,
				err,
			},
			"delivery job failed",
		);
	});
	worker.on("error", (err) =>
		opts.logger.error({ queue: queueName, err }, "worker error"),
	);
	return worker;
}
