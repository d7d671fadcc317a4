import { randomUUID } from "node:crypto";
import type { CensusCore } from "../census-core.js";
import { deliveryStall } from "../domain/deliveries/delivery-stall.js";
import type { Lifecycle } from "../lifecycle.js";
import { OutboxReconciler } from "./outbox-reconciler.js";
import { QueueLease } from "./queue-lease.js";
import { stallAfterMs } from "./recovery-timings.js";

/**
 * Bounded settling, every `recovery.reconcileMs`: deliveries whose job is over or gone are handed over again, or
 * marked unknown when a dead worker had claimed them (see `OutboxReconciler` and `settleBoundMs`). A stall (some
 * due, none settled for longer than the bound) is logged at most once a minute. One pass at a time; the stop
 * waits for a pass under way.
 *
 * One pass per period for the whole deployment, not one per worker: each period's first worker takes the turn (a
 * key in Redis that lasts nine tenths of the period), and the others skip that period. A pass reads up to 20,000
 * rows, and each worker's pass every period slowed the claims of paced sends (a claim later than its slot's lead
 * gives the slot up). The bound holds: the turn's holder passes again a period later (its turn has lapsed by
 * then), and a dead holder's turn lapses within the period, so the next period's first live worker takes it.
 */
export function startOutboxReconciling(
	core: Pick<
		CensusCore,
		| "outbox"
		| "deliveryQueueOf"
		| "logger"
		| "clock"
		| "recovery"
		| "redisPrefix"
	> & { storage: Pick<CensusCore["storage"], "connection"> },
	life: Lifecycle,
): void {
	const { outbox, logger, recovery } = core;
	const reconciler = new OutboxReconciler(
		outbox,
		core.deliveryQueueOf,
		logger,
		core.clock,
	);
	let lastStallWarning = 0;
	const warnOfStall = async () => {
		const stall = deliveryStall(
			await outbox.pendingDeliveries(),
			new Date(),
			stallAfterMs(recovery),
		);
		if (!stall || Date.now() - lastStallWarning < 60_000) return;
		lastStallWarning = Date.now();
		logger.warn(
			{
				due: stall.due,
				stuckMs: stall.stuckMs,
				oldestWaitMs: stall.oldestWaitMs,
			},
			"deliveries stalled: some are due and none has settled for longer than the bound",
		);
	};
	const turn = new QueueLease(
		core.storage.connection,
		reconcileTurnKey(core.redisPrefix),
		randomUUID(),
		recovery.reconcileMs * 0.9,
	);
	let reconciling: Promise<unknown> | null = null;
	life.onStop(() => reconciling);
	life.every(recovery.reconcileMs, () => {
		reconciling ??= turn
			.take()
			.then(async (ours) => {
				if (!ours) return;
				await reconciler.reconcile();
				await warnOfStall();
			})
			.catch((err: unknown) =>
				logger.warn(
					{ err: err as Error },
					"outbox reconciliation failed; will retry",
				),
			)
			.finally(() => {
				reconciling = null;
			});
	});
}

/** The Redis key of the reconciliation's turn: whoever holds it passes this period. */
export function reconcileTurnKey(prefix: string): string {
	return `${prefix}:census:reconcile-turn`;
}
