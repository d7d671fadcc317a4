import { type Job, Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";
import { queueNames } from "./job-definitions.js";

/** A close request carries a campaign id and whether the campaign's clock asked for it: never an answer. */
export const closeJobSchema = z.object({
	campaignId: z.uuid(),
	scheduled: z.boolean(),
});
export type CloseJob = z.output<typeof closeJobSchema>;

/** What the tally process reports back: the outcome and its reason, never a figure of the report. */
export const closeJobResultSchema = z.object({
	outcome: z.enum(["closed", "none-open", "key-unavailable", "integrity"]),
	detail: z.string().optional(),
});
export type CloseJobResult = z.output<typeof closeJobResultSchema>;

/** How web and worker processes hand a close to the tally process, and wait for its outcome. */
export class TallyQueue {
	readonly queue: Queue;
	private events: QueueEvents | undefined;

	constructor(
		private readonly connection: Redis,
		private readonly prefix: string,
	) {
		this.queue = new Queue(queueNames.tally, { connection, prefix });
	}

	/**
	 * Asks the tally process to close a campaign. A scheduled close has one job id per campaign, so the clock
	 * asking every tick queues it once (and, kept for a minute after it ends, retries a refused close at most
	 * once a minute); an admin's close is a job of its own.
	 */
	requestClose(job: CloseJob): Promise<Job> {
		return this.queue.add("close", closeJobSchema.parse(job), {
			...(job.scheduled ? { jobId: `close-${job.campaignId}` } : {}),
			attempts: 1,
			removeOnComplete: { age: 60 },
			removeOnFail: { age: 60 },
		});
	}

	/** Requests a close and waits up to `timeoutMs` for the tally process's outcome; "timeout" if none came. */
	async closeAndWait(
		campaignId: string,
		timeoutMs: number,
	): Promise<CloseJobResult | "timeout"> {
		this.events ??= new QueueEvents(queueNames.tally, {
			connection: this.connection.duplicate(),
			prefix: this.prefix,
		});
		await this.events.waitUntilReady();
		const job = await this.requestClose({ campaignId, scheduled: false });
		try {
			return closeJobResultSchema.parse(
				await job.waitUntilFinished(this.events, timeoutMs),
			);
		} catch (err) {
			if (err instanceof Error && /timed out/i.test(err.message))
				return "timeout";
			throw err;
		}
	}

	async close(): Promise<void> {
		await this.events?.close();
		await this.queue.close();
	}
}
