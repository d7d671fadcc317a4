import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { QueuedDelivery } from "../domain/deliveries/outbox-store.js";
import {
	type DeliveryJob,
	deliveryIdOfJobId,
	deliveryJobId,
	queueNames,
} from "./job-definitions.js";
import { QueueLease } from "./queue-lease.js";

/** The number of attempts a delivery gets for errors that prove nothing was sent. */
export const deliveryAttempts = 5;

/** How many deliveries' jobs one pipelined round of the liveness check reads (see `withoutLiveJob`). */
const livenessRound = 500;

/**
 * A delivery queue (one per platform): jobs carry outbox ids only, deduplicated by job id, delayed to the
 * recipient's hours.
 */
export class DeliveryQueue {
	readonly queue: Queue<DeliveryJob>;

	constructor(
		private readonly connection: Redis,
		prefix: string,
		name: string = queueNames.deliveries,
	) {
		this.queue = new Queue<DeliveryJob>(name, {
			connection,
			prefix,
			defaultJobOptions: {
				attempts: deliveryAttempts,
				backoff: { type: "exponential", delay: 1000 },
				// The outbox row, not the job, records what happened; a finished job is only Redis memory.
				removeOnComplete: true,
				removeOnFail: { age: 30 * 24 * 3600 },
			},
		});
	}

	/**
	 * Queues one job per delivery, not before its time; `first`: ahead of those waiting (deliveries handed over
	 * again have waited already).
	 */
	async enqueue(
		deliveries: QueuedDelivery[],
		now = Date.now(),
		first = false,
	): Promise<void> {
		for (let i = 0; i < deliveries.length; i += 1000) {
			await this.queue.addBulk(
				deliveries.slice(i, i + 1000).map((d) => ({
					name: "deliver",
					data: { deliveryId: d.id },
					opts: {
						jobId: deliveryJobId(d),
						delay: Math.max(0, d.notBefore.getTime() - now),
						...(first ? { lifo: true } : {}),
					},
				})),
			);
		}
	}

	/**
	 * The deliveries whose job is over (completed or failed for good) or not in Redis at all: nothing will process
	 * them again unless they are handed over anew. One command per delivery, pipelined in rounds of
	 * `livenessRound`: a fan-out has tens of thousands in flight, and one pipeline of them all held Redis (and this
	 * process, reading the replies) long enough to make the sends paced meanwhile miss their slots.
	 */
	async withoutLiveJob<T extends { id: string; generation: number }>(
		deliveries: T[],
	): Promise<T[]> {
		const over: T[] = [];
		for (let i = 0; i < deliveries.length; i += livenessRound) {
			const round = deliveries.slice(i, i + livenessRound);
			const pipeline = this.connection.pipeline();
			// A job's hash always has its name: no name, no job.
			for (const d of round)
				pipeline.hmget(
					this.queue.toKey(deliveryJobId(d)),
					"name",
					"finishedOn",
				);
			const replies = (await pipeline.exec()) ?? [];
			round.forEach((d, j) => {
				const [err, fields] = replies[j] ?? [];
				if (err || !Array.isArray(fields)) return;
				const [name, finishedOn] = fields as (string | null)[];
				if (name === null || finishedOn !== null) over.push(d);
			});
		}
		return over;
	}

	/**
	 * Hands these deliveries over again, ahead of the deliveries waiting: a finished job with the same id is removed
	 * first (BullMQ ignores an add whose id exists). A job that came back to life meanwhile (active, locked) is left
	 * alone.
	 */
	async requeue(deliveries: QueuedDelivery[], now = Date.now()): Promise<void> {
		const fresh: QueuedDelivery[] = [];
		for (const d of deliveries) {
			const job = await this.queue.getJob(deliveryJobId(d));
			if (job && !job.finishedOn) continue;
			if (job && (await this.queue.remove(job.id as string)) === 0) continue;
			fresh.push(d);
		}
		await this.enqueue(fresh, now, true);
	}

	/**
	 * The lease on reconciling this queue (see `OutboxReconciler`): one holder at a time, `holder` naming the
	 * process, lost `ttlMs` after its holder last took or renewed it.
	 */
	reconcilerLease(holder: string, ttlMs: number): QueueLease {
		return new QueueLease(
			this.connection,
			`${this.queue.opts.prefix ?? "bull"}:census:reconciler-lease:${this.queue.name}`,
			holder,
			ttlMs,
		);
	}

	/** The delivery ids of the next `n` jobs a worker will take (the oldest waiting), read from their job ids. */
	async nextDeliveryIds(n: number): Promise<string[]> {
		const jobIds = await this.queue.getRanges(["wait"], 0, n - 1, true);
		return jobIds.flatMap((id) => deliveryIdOfJobId(id) ?? []);
	}

	/** Counts of waiting, active, delayed, completed and failed jobs. */
	counts() {
		return this.queue.getJobCounts(
			"waiting",
			"active",
			"delayed",
			"completed",
			"failed",
		);
	}

	close(): Promise<void> {
		return this.queue.close();
	}
}
