/**
 * How fast the delivery pipeline notices that a process died holding deliveries, and the bound that follows.
 * - `lockMs`: a delivery job's lock in Redis, renewed every half of it by a live worker (BullMQ `lockDuration`);
 * - `stalledCheckMs`: how often live workers look for active jobs whose lock expired and move them back to wait
 *   (BullMQ `stalledInterval`), where the claim turns a cut-off send `unknown` at once;
 * - `reconcileMs`: how often the outbox reconciler checks unsettled deliveries against their jobs and acts on
 *   those whose job is over or gone (see `OutboxReconciler`).
 */
export type RecoveryTimings = {
	lockMs: number;
	stalledCheckMs: number;
	reconcileMs: number;
};

export const defaultRecoveryTimings: RecoveryTimings = {
	lockMs: 30_000,
	stalledCheckMs: 10_000,
	reconcileMs: 10_000,
};

/**
 * The settling bound: after the last crash, every delivery that is due is sent, `unknown` or undeliverable within
 * this, plus the platform's own Retry-After and the time its queue needs at the configured pace. A dead worker's
 * job is back in wait at most `lockMs + stalledCheckMs` after the crash (its lock expires; the next stalled check
 * finds it); a job that failed instead (stalled too often) is handed over by the next reconciliation. 50 s by
 * default.
 */
export function settleBoundMs(
	t: RecoveryTimings = defaultRecoveryTimings,
): number {
	return t.lockMs + t.stalledCheckMs + t.reconcileMs;
}

/**
 * How long the outbox reconciler's lease on a queue outlives its holder's last renewal: a holder killed mid-pass
 * leaves it to another worker by then. No longer than a dead worker's job takes to be back in wait (`lockMs +
 * stalledCheckMs`), so the next reconciliation after a crash still comes within `settleBoundMs`.
 */
export function reconcilerLeaseMs(
	t: Pick<
		RecoveryTimings,
		"lockMs" | "stalledCheckMs"
	> = defaultRecoveryTimings,
): number {
	return t.lockMs + t.stalledCheckMs;
}

/**
 * When operators are told deliveries are stalled: nothing has settled for the settling bound plus a minute (a
 * platform's Retry-After), while some are due.
 */
export function stallAfterMs(
	t: RecoveryTimings = defaultRecoveryTimings,
): number {
	return settleBoundMs(t) + 60_000;
}
