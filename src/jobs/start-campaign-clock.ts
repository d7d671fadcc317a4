import type { CensusCore } from "../census-core.js";
import type { Lifecycle } from "../lifecycle.js";
import { startScheduleWorker } from "./schedule-worker.js";

/**
 * The campaign clock (reminder waves, progress posts, automatic close) and the outbox sweep, every `tickMs`
 * (default 30 s). Both are rebuilt from PostgreSQL: at start-up, and whenever Redis has lost them.
 */
export async function startCampaignClock(
	core: CensusCore,
	life: Lifecycle,
): Promise<void> {
	const { outreach, tallyQueue, dispatcher, logger } = core;
	const tickMs = core.opts.tickMs ?? 30_000;
	const schedule = life.own(
		startScheduleWorker({
			connection: core.storage.connection,
			prefix: core.redisPrefix,
			logger,
			everyMs: tickMs,
			tick: async () => {
				const due = await outreach.runDue();
				// Closing is the tally process's: it is handed the campaigns whose time has come.
				for (const campaignId of due.toClose)
					await tallyQueue.requestClose({ campaignId, scheduled: true });
				if (due.waves > 0 || due.toClose.length > 0)
					logger.info(
						{ count: due.waves, total: due.toClose.length },
						"scheduled campaign work done",
					);
				await dispatcher.pump();
			},
		}),
		(s) => s.close(),
	);
	const sweep = async () => {
		try {
			await schedule.ensure();
			await dispatcher.sweep();
		} catch (err) {
			logger.warn({ err: err as Error }, "outbox sweep failed; will retry");
		}
	};
	await sweep();
	life.every(tickMs, sweep);
}
