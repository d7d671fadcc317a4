import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import {
	type InvitationJob,
	invitationJobId,
	queueNames,
} from "./job-definitions.js";

/** Enqueues invitation deliveries (ids only), deduplicated by job id. */
export class InvitationQueue {
	readonly queue: Queue<InvitationJob>;

	constructor(connection: Redis, prefix: string) {
		this.queue = new Queue<InvitationJob>(queueNames.invitations, {
			connection,
			prefix,
			defaultJobOptions: {
				attempts: 5,
				backoff: { type: "exponential", delay: 1000 },
				removeOnComplete: { age: 7 * 24 * 3600 },
				removeOnFail: { age: 30 * 24 * 3600 },
			},
		});
	}

	/** Queues one job per invitation. */
	async enqueue(jobs: InvitationJob[]): Promise<void> {
		for (let i = 0; i < jobs.length; i += 1000) {
			await this.queue.addBulk(
				jobs.slice(i, i + 1000).map((data) => ({
					name: "invite",
					data,
					opts: { jobId: invitationJobId(data) },
				})),
			);
		}
	}

	/** Counts of waiting, active, completed and failed jobs. */
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
