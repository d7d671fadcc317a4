import type { Redis } from "ioredis";
import type {
	OutboxStore,
	RoutableDelivery,
} from "../domain/deliveries/outbox-store.js";
import type { Clock } from "../domain/ports.js";
import type { Logger } from "../logger.js";
import { byQueue } from "./by-queue.js";
import type { DeliveryQueue } from "./delivery-queue.js";

/**
 * Hands queued outbox rows to the delivery queue. PostgreSQL is the source of truth: a row is marked `enqueued`
 * only after its job is in Redis, and a marker key tells whether Redis still holds what was handed over. When the
 * marker is gone (Redis restarted without its data), every queued row is handed over again; job ids make that
 * idempotent. Each row goes to its platform's queue (`route`).
 */
export class OutboxDispatcher {
	private running: Promise<number> | null = null;
	private again = false;

	constructor(
		private readonly outbox: OutboxStore,
		/** The queue of the platform that carries a delivery (see `routeDelivery`). */
		private readonly route: (d: RoutableDelivery) => DeliveryQueue,
		private readonly redis: Redis,
		private readonly prefix: string,
		private readonly logger: Logger,
		/** The clock delivery times were computed with; delays are measured against it. */
		private readonly clock: Clock,
	) {}

	private get markerKey(): string {
		return `${this.prefix}:census:outbox-marker`;
	}

	/** Enqueues every queued row not yet in the queue; concurrent calls share one run. */
	pump(): Promise<number> {
		if (this.running) {
			this.again = true;
			return this.running;
		}
		this.running = (async () => {
			let total = 0;
			try {
				do {
					this.again = false;
					for (;;) {
						const batch = await this.outbox.listQueued({
							all: false,
							limit: 10_000,
						});
						if (batch.length === 0) break;
						const now = this.clock.now().getTime();
						for (const [q, list] of byQueue(batch, this.route))
							await q.enqueue(list, now);
						await this.outbox.markEnqueued(batch.map((d) => d.id));
						total += batch.length;
					}
				} while (this.again);
				return total;
			} finally {
				this.running = null;
			}
		})();
		return this.running;
	}

	/**
	 * Re-enqueues everything queued when Redis lost its data (or on first start), then pumps.
	 * Returns the number of jobs handed to the queue.
	 */
	async sweep(): Promise<number> {
		const fresh = await this.redis.set(this.markerKey, "1", "NX");
		if (fresh === "OK") {
			const forgotten = await this.outbox.forgetEnqueued();
			if (forgotten > 0)
				this.logger.warn(
					{ count: forgotten },
					"queue state missing: re-enqueueing queued deliveries from the outbox",
				);
		}
		return this.pump();
	}
}
