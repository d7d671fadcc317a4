import type {
	InFlightDelivery,
	OutboxStore,
	RoutableDelivery,
} from "../domain/deliveries/outbox-store.js";
import type { Clock } from "../domain/ports.js";
import type { Logger } from "../logger.js";
import type { DeliveryQueue } from "./delivery-queue.js";

/** What one reconciliation found and did. */
export type Reconciled = {
	/** Queued deliveries whose job was gone, handed to the queue again. */
	requeued: number;
	/** Claims whose job was over, now `unknown` (they may have arrived; never resent on their own). */
	abandoned: number;
};

/**
 * Keeps the outbox and the queue in step, so that every delivery settles in bounded time whatever happened to the
 * processes that held it. PostgreSQL says what is still to do (queued or sending); Redis says whether a job will
 * still act on it. A delivery whose job is over (completed, failed for good: BullMQ fails a job that stalled more
 * than `maxStalledCount` times, or used up its attempts on errors before its claim) or missing is stuck:
 * - queued: handed to the queue again. Safe: the claim (queued → sending, one conditional UPDATE) decides who
 *   sends, so a job too many never sends twice;
 * - sending: the worker that claimed it stopped mid-send, and the message may have arrived, so it becomes
 *   `unknown`, which nothing resends on its own (an admin's `resend-unknown` does).
 * A job still active for a dead worker is BullMQ's to recover (its lock expires, the stalled-job check moves it
 * back to wait, and the claim turns a `sending` row `unknown`); if it stalls too often it fails, and is found here.
 */
export class OutboxReconciler {
	constructor(
		private readonly outbox: Pick<
			OutboxStore,
			"listInFlight" | "abandonClaims"
		>,
		/** The queue of the platform that carries a delivery (as the dispatcher routes it). */
		private readonly route: (d: RoutableDelivery) => DeliveryQueue,
		private readonly logger: Logger,
		/** The clock delivery times were computed with; delays are measured against it. */
		private readonly clock: Clock,
		/** How many unsettled deliveries one pass checks, the longest due first. */
		private readonly limit = 20_000,
	) {}

	async reconcile(): Promise<Reconciled> {
		const inFlight = await this.outbox.listInFlight(this.limit);
		const byQueue = new Map<DeliveryQueue, InFlightDelivery[]>();
		for (const d of inFlight) {
			const q = this.route(d);
			const list = byQueue.get(q);
			if (list) list.push(d);
			else byQueue.set(q, [d]);
		}
		let requeued = 0;
		let abandoned = 0;
		for (const [q, list] of byQueue) {
			const stuck = await q.withoutLiveJob(list);
			const claims = stuck.filter((d) => d.state === "sending");
			abandoned += await this.outbox.abandonClaims(claims.map((d) => d.id));
			const queued = stuck.filter((d) => d.state === "queued");
			await q.requeue(queued, this.clock.now().getTime());
			requeued += queued.length;
		}
		if (requeued > 0 || abandoned > 0)
			this.logger.warn(
				{ requeued, abandoned },
				"outbox reconciled: deliveries whose job was gone handed over again, cut-off claims marked unknown",
			);
		return { requeued, abandoned };
	}
}
