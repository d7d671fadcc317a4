import type { PendingDeliveries } from "./outbox-store.js";

/** Due deliveries that have not moved for longer than they may: how many, and for how long nothing settled. */
export type DeliveryStall = {
	due: number;
	stuckMs: number;
	oldestWaitMs: number;
};

/**
 * Whether deliveries are stalled: some are due, and none has settled for longer than `stallAfterMs` (counted from
 * the last settled delivery, or from when the oldest became due if that is later). A queue working through a large
 * fan-out settles deliveries all the time, so a long backlog is not a stall; a delivery that waits alone is.
 */
export function deliveryStall(
	p: PendingDeliveries,
	now: Date,
	stallAfterMs: number,
): DeliveryStall | null {
	if (p.due === 0 || !p.oldestDueAt) return null;
	const since = Math.max(
		p.oldestDueAt.getTime(),
		p.lastSettledAt?.getTime() ?? 0,
	);
	const stuckMs = now.getTime() - since;
	if (stuckMs <= stallAfterMs) return null;
	return {
		due: p.due,
		stuckMs,
		oldestWaitMs: now.getTime() - p.oldestDueAt.getTime(),
	};
}
