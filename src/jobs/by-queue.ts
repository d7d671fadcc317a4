import type { DeliveryQueue } from "./delivery-queue.js";

/** Deliveries grouped by the queue that carries each, in first-seen order. */
export function byQueue<T>(
	deliveries: readonly T[],
	route: (d: T) => DeliveryQueue,
): Map<DeliveryQueue, T[]> {
	const groups = new Map<DeliveryQueue, T[]>();
	for (const d of deliveries) {
		const q = route(d);
		const list = groups.get(q);
		if (list) list.push(d);
		else groups.set(q, [d]);
	}
	return groups;
}
