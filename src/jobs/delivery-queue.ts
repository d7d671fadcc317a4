import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { QueuedDelivery } from "../domain/deliveries/outbox-store.js";
import {
	type DeliveryJob,
	deliveryIdOfJobId,
	deliveryJobId,
	queueNames,
} from "./job-definitions.js";

/** The number of attempts a delivery gets for errors that prove nothing was sent. */
export const deliveryAttempts = 5;

/**
 * A delivery queue (one per platform): jobs carry outbox ids only, deduplicated by job id, delayed to the
 * recipient's hours.
 */
export class DeliveryQueue {
	readonly queue: Queue<DeliveryJob>;

	constructor(
		connection: Redis,
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

	/** Queues one job per delivery, not before its time. */
	async enqueue(deliveries: QueuedDelivery[], now = Date.now()): Promise<void> {
		for (let i = 0; i < deliveries.length; i += 1000) {
			await this.queue.addBulk(
				deliveries.slice(i, i + 1000).map((d) => ({
					name: "deliver",
					data: { deliveryId: d.id },
					opts: {
						jobId: deliveryJobId(d),
						delay: Math.max(0, d.notBefore.getTime() - now),
					},
				})),
			);
		}
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
