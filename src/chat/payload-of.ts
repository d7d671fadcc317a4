import { NothingSent } from "../domain/deliveries/delivery-errors.js";
import {
	type OutboxPayload,
	parseOutboxPayload,
} from "../domain/deliveries/outbox-payload.js";
import type { ClaimedDelivery } from "../domain/deliveries/outbox-store.js";

/**
 * What a claimed nudge, post or notice says, read with its schema: a payload its kind does not carry is never
 * sent (failed at once; a retry would read the same row).
 */
export function payloadOf(d: ClaimedDelivery): OutboxPayload {
	const p = parseOutboxPayload(d.kind, d.payload);
	if (!p) throw new NothingSent("invalid_payload", true);
	return p;
}
