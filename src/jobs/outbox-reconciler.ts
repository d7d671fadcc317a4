import { randomUUID } from "node:crypto";
import type {
	InFlightDelivery,
	OutboxStore,
	RoutableDelivery,
} from "../domain/deliveries/outbox-store.js";
import type { Clock } from "../domain/ports.js";
import type { Logger } from "../logger.js";
import { byQueue } from "./by-queue.js";
import type { DeliveryQueue } from "./delivery-queue.js";
import { deliveryJobId } from "./job-definitions.js";
import { reconcilerLeaseMs } from "./recovery-timings.js";

/** What one reconciliation found and did. */
export type Reconciled = {
	/** Queued deliveries whose job was gone, handed to the queue again. */
	requeued: number;
	/** Claims whose job was over, now `unknown` (they may have arrived; never resent on their own). */
	abandoned: number;
	/** Queued deliveries handed over `maxRequeues` times already, now `unknown` instead (given up). */
	givenUp: number;
	/** Queues with stuck deliveries left to the reconciler that held their lease. */
	leftToOthers: number;
};

/** How many times a delivery is handed over again before it is given up as `unknown`. */
export const defaultMaxRequeues = 3;

/**
 * Keeps the outbox and the queue in step, so that every delivery settles in bounded time whatever happened to the
 * processes that held it. PostgreSQL says what is still to do (queued or sending); Redis says whether a job will
 * still act on it. A delivery whose job is over (completed, failed for good: BullMQ fails a job that stalled more
 * than `maxStalledCount` times, or used up its attempts on errors before its claim) or missing is stuck:
 * - queued: handed to the queue again. Safe: the claim (queued → sending, one conditional UPDATE) decides who
 *   sends, so a job too many never sends twice. After `maxRequeues` hand-overs it is `unknown` instead, with a
 *   log line: a job that stops its worker every time must not loop forever (an admin's `resend-unknown` may
 *   try again);
 * - sending: the worker that claimed it stopped mid-send, and the message may have arrived, so it becomes
 *   `unknown`, which nothing resends on its own (an admin's `resend-unknown` does).
 * A job still active for a dead worker is BullMQ's to recover (its lock expires, the stalled-job check moves it
 * back to wait, and the claim turns a `sending` row `unknown`); if it stalls too often it fails, and is found here.
 *
 * It reads them a page at a time (`pageSize`), so that a pass never holds its process for long. Every worker process
 * runs one (one pass per period among them: `startOutboxReconciling`), and one at a time acts on a queue: it holds
 * the queue's lease (`QueueLease`) from a page's liveness check to its last write, renewing it before each write
 * and giving it back at the end of the page. Without it
 * two could hand the same delivery over at once, and count one hand-over twice. A holder killed mid-pass loses the
 * lease `leaseMs` later, no longer than a dead worker's job takes to come back (`reconcilerLeaseMs`), so the next
 * pass of a live worker still falls within `settleBoundMs`.
 */
export class OutboxReconciler {
	private readonly limit: number;
	private readonly pageSize: number;
	private readonly leaseMs: number;
	private readonly maxRequeues: number;
	/** This reconciler's name as a lease holder. */
	private readonly holder = randomUUID();

	constructor(
		private readonly outbox: Pick<
			OutboxStore,
			"listInFlight" | "abandonClaims" | "countRequeues"
		>,
		/** The queue of the platform that carries a delivery (as the dispatcher routes it). */
		private readonly route: (d: RoutableDelivery) => DeliveryQueue,
		private readonly logger: Logger,
		/** The clock delivery times were computed with; delays are measured against it. */
		private readonly clock: Clock,
		options: {
			/** How many unsettled deliveries one pass checks, the longest due first. */
			limit?: number;
			/**
			 * How many it reads and checks at a time (default 1,000): 20,000 rows read at once held the process
			 * ~100 ms, and the sends paced meanwhile missed their slots.
			 */
			pageSize?: number;
			/** How long a queue's lease outlives its holder's last renewal (default: `reconcilerLeaseMs()`). */
			leaseMs?: number;
			/** Hand-overs before a delivery is given up as `unknown`. */
			maxRequeues?: number;
		} = {},
	) {
		this.limit = options.limit ?? 20_000;
		this.pageSize = options.pageSize ?? 1000;
		this.leaseMs = options.leaseMs ?? reconcilerLeaseMs();
		this.maxRequeues = options.maxRequeues ?? defaultMaxRequeues;
	}

	async reconcile(): Promise<Reconciled> {
		const total: Reconciled = {
			requeued: 0,
			abandoned: 0,
			givenUp: 0,
			leftToOthers: 0,
		};
		const leftToOthers = new Set<DeliveryQueue>();
		let after: string | undefined;
		for (let seen = 0; seen < this.limit; ) {
			const want = Math.min(this.pageSize, this.limit - seen);
			const page = await this.outbox.listInFlight(want, after);
			await this.reconcilePage(page, total, leftToOthers);
			seen += page.length;
			after = page.at(-1)?.id;
			if (page.length < want) break;
		}
		total.leftToOthers = leftToOthers.size;
		if (total.requeued > 0 || total.abandoned > 0 || total.givenUp > 0)
			this.logger.warn(
				{ count: total.requeued, total: total.abandoned + total.givenUp },
				"outbox reconciled: deliveries whose job was gone handed over again (count), cut-off claims and given-up deliveries marked unknown (total)",
			);
		return total;
	}

	/** Checks one page of unsettled deliveries, queue by queue, and acts on those stuck. */
	private async reconcilePage(
		page: InFlightDelivery[],
		total: Reconciled,
		leftToOthers: Set<DeliveryQueue>,
	): Promise<void> {
		for (const [q, list] of byQueue(page, this.route)) {
			// A first look without the lease: most passes find nothing stuck.
			if ((await q.withoutLiveJob(list)).length === 0) continue;
			const lease = q.reconcilerLease(this.holder, this.leaseMs);
			if (!(await lease.take())) {
				leftToOthers.add(q);
				continue;
			}
			try {
				await this.settle(q, list, lease, total);
			} finally {
				await lease.release();
			}
		}
	}

	/** Acts on one queue's stuck deliveries, under its lease; stops if the lease was lost meanwhile. */
	private async settle(
		q: DeliveryQueue,
		list: InFlightDelivery[],
		lease: { take(): Promise<boolean> },
		total: Reconciled,
	): Promise<void> {
		// Checked again under the lease: another reconciler may have acted since the first look.
		const stuck = await q.withoutLiveJob(list);
		const claims = stuck.filter((d) => d.state === "sending");
		if (claims.length > 0) {
			if (!(await lease.take())) return;
			total.abandoned += await this.outbox.abandonClaims(
				claims.map((d) => d.id),
			);
		}
		const queued = stuck.filter((d) => d.state === "queued");
		if (queued.length === 0 || !(await lease.take())) return;
		const { requeue, givenUp } = await this.outbox.countRequeues(
			queued.map((d) => d.id),
			this.maxRequeues,
		);
		const byId = new Map(queued.map((d) => [d.id, d]));
		for (const id of givenUp) {
			const d = byId.get(id);
			this.logger.warn(
				{
					queue: q.queue.name,
					jobId: d ? deliveryJobId(d) : id,
					count: this.maxRequeues,
				},
				"delivery given up as unknown: its job ended without settling it again after `count` hand-overs (never resent on its own; resend-unknown sends it again)",
			);
		}
		total.givenUp += givenUp.length;
		const again = requeue.flatMap((id) => byId.get(id) ?? []);
		await q.requeue(again, this.clock.now().getTime());
		total.requeued += again.length;
	}
}
