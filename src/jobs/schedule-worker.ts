import { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import { queueNames } from "./job-definitions.js";

const schedulerId = "census-tick";

/**
 * The campaign clock: one BullMQ job scheduler ticks every `everyMs`, and one worker across all processes runs
 * `tick` (due reminder waves, progress posts, automatic close). The schedule itself lives in PostgreSQL; this only
 * says "look now", so `ensure()` recreates it whenever Redis has lost it.
 */
export function startScheduleWorker(opts: {
	connection: Redis;
	prefix: string;
	logger: Logger;
	everyMs: number;
	tick: () => Promise<void>;
}) {
	const queue = new Queue(queueNames.schedule, {
		connection: opts.connection,
		prefix: opts.prefix,
	});
	const worker = new Worker(
		queueNames.schedule,
		async () => {
			await opts.tick();
		},
		{
			connection: opts.connection.duplicate(),
			prefix: opts.prefix,
			concurrency: 1,
			// Closing a large campaign takes a while; don't let the tick be picked up twice meanwhile.
			lockDuration: 10 * 60_000,
		},
	);
	worker.on("failed", (_job, err) =>
		opts.logger.error(
			{ queue: queueNames.schedule, err },
			"scheduled tick failed",
		),
	);
	worker.on("error", (err) =>
		opts.logger.error({ queue: queueNames.schedule, err }, "worker error"),
	);
	return {
		worker,
		/** Creates or refreshes the tick (idempotent). */
		ensure: () =>
			queue.upsertJobScheduler(
				schedulerId,
				{ every: opts.everyMs },
				{
					name: "tick",
					data: {},
					opts: { removeOnComplete: 100, removeOnFail: 100 },
				},
			),
		async close() {
			await worker.close();
			await queue.close();
		},
	};
}
