import { UnrecoverableError } from "bullmq";
import type { DeliveryChannel } from "../domain/deliveries/delivery-channel.js";
import {
	NothingSent,
	PlatformOverloaded,
	PlatformRateLimited,
	RecipientUnreachable,
} from "../domain/deliveries/delivery-errors.js";
import { noLongerWanted } from "../domain/deliveries/no-longer-wanted.js";
import type { OutboxStore } from "../domain/deliveries/outbox-store.js";

/** How late after its slot a claimed send may still go out. */
const lateAfterClaimMs = 15;

/** What became of one delivery job. */
export type DeliveryOutcome = "sent" | "skipped" | { heldUntil: Date };

/**
 * Delivers one outbox row, exactly once or visibly not at all:
 * - one no longer wanted when it is looked at (the census closed, the person answered or was reached another way)
 *   is cancelled without a hold, a preparation (a Teams app installed through Graph) or a send slot;
 * - holds it (still queued, no attempt used) while the channel says its recipient must not be disturbed;
 * - lets the channel prepare it (repeatable work, before the claim); a recipient it finds unreachable: `undeliverable`;
 * - claims it (queued → sending); a row still "sending" was cut off mid-send by a dead worker: `unknown`;
 * - 429: gives the claim back and rethrows, so the queue pauses for Retry-After;
 * - recipient unreachable: `undeliverable`, never retried;
 * - an error that proves nothing was sent: the claim is given back for a retry (`failed` after the last attempt);
 * - anything else (timeout, dropped connection, 5xx): it may have arrived, so `unknown`, never resent on its own;
 *   `PlatformOverloaded` (502/503/504) is rethrown after that, so the queue backs off.
 */
export async function processDelivery(
	outbox: Pick<OutboxStore, "peek" | "hold" | "claim" | "release" | "finish">,
	channel: DeliveryChannel,
	deliveryId: string,
	finalAttempt: boolean,
	/**
	 * Waits for this send's slot under the platform's rate limit, or until shortly before it; resolves to the
	 * slot's time (ms), if paced.
	 */
	pace: () => Promise<number | undefined> = async () => undefined,
): Promise<DeliveryOutcome> {
	// Asked before the pacer and the claim: a held delivery takes no send slot and never leaves "queued".
	const queued = await outbox.peek(deliveryId);
	// Not wanted when looked at (a closed census does not reopen, an answer is not taken back): nothing is spent on
	// it, and the claim below, which looks again, cancels it.
	const unwanted = queued !== null && noLongerWanted(queued) !== null;
	if (queued?.state === "queued" && !unwanted) {
		const until = await channel.holdUntil(queued);
		if (until && (await outbox.hold(deliveryId, until)))
			return { heldUntil: until };
		if (await channel.prepare?.(queued)) {
			const refused = await outbox.claim(deliveryId);
			if (refused.outcome === "claimed")
				await outbox.finish(
					deliveryId,
					noLongerWanted(refused.delivery) ? "cancelled" : "undeliverable",
				);
			return "skipped";
		}
	}
	// Paced before the claim: a worker killed while it waits for its slot has claimed nothing, so it leaves no
	// `unknown` behind (a slot reached late is given up inside the pacer, so sends stay evenly spaced). The pacer
	// may answer a little ahead of the slot, so that the claim is done by then: the send itself waits for it.
	let slot = unwanted ? undefined : await pace();
	const claim = await outbox.claim(deliveryId);
	if (claim.outcome !== "claimed") return "skipped";
	const d = claim.delivery;
	if (noLongerWanted(d)) {
		await outbox.finish(d.id, "cancelled");
		return "skipped";
	}
	// Wanted after all (its participation changed back between the look and the claim): paced like any send.
	if (unwanted) slot = await pace();
	// Never before the slot. A claim that took long (locks, a pause in this process) would send late, and a late
	// send crowds the sends of later slots into one rolling second: the platform's 429 costs the whole queue a
	// pause. A fresh slot costs one slot. (The claim is held meanwhile, briefly; a worker killed then leaves an
	// `unknown`.)
	for (let i = 0; slot !== undefined; i++) {
		const early = slot - Date.now();
		if (early > 0) await new Promise((r) => setTimeout(r, early));
		if (i === 2 || Date.now() - slot <= lateAfterClaimMs) break;
		slot = await pace();
	}
	let ref: string;
	try {
		ref = await channel.deliver(d);
	} catch (err) {
		if (err instanceof PlatformRateLimited) {
			await outbox.release(d.id);
			throw err;
		}
		if (err instanceof RecipientUnreachable) {
			await outbox.finish(d.id, "undeliverable");
			return "skipped";
		}
		if (err instanceof NothingSent) {
			if (finalAttempt || err.final) {
				await outbox.finish(d.id, "failed");
				throw new UnrecoverableError(err.message);
			}
			await outbox.release(d.id);
			throw err;
		}
		await outbox.finish(d.id, "unknown");
		if (err instanceof PlatformOverloaded) throw err;
		throw new UnrecoverableError(
			"delivery outcome unknown; not resent automatically",
		);
	}
	await outbox.finish(d.id, "sent", ref);
	return "sent";
}
