import type { CensusCore } from "../census-core.js";
import { deliveryStall } from "../domain/deliveries/delivery-stall.js";
import type { Lifecycle } from "../lifecycle.js";
import { OutboxReconciler } from "./outbox-reconciler.js";
import { stallAfterMs } from "./recovery-timings.js";

/**
 * Bounded settling, every `recovery.reconcileMs`: deliveries whose job is over or gone are handed over again, or
 * marked unknown when a dead worker had claimed them (see `OutboxReconciler` and `settleBoundMs`). A stall (some
 * due, none settled for longer than the bound) is logged at most once a minute. One pass at a time; the stop
 * waits for a pass under way.
 */
export function startOutboxReconciling(
	core: Pick<
		CensusCore,
		"outbox" | "deliveryQueueOf" | "logger" | "clock" | "recovery"
	>,
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
	let reconciling: Promise<unknown> | null = null;
	life.onStop(() => reconciling);
	life.every(recovery.reconcileMs, () => {
		reconciling ??= reconciler
			.reconcile()
			.then(warnOfStall)
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
