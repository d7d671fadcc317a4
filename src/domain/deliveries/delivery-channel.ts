import type { ClaimedDelivery, DeliveryRecipient } from "./outbox-store.js";

/**
 * A platform's way of sending deliveries: the port the delivery worker (src/jobs/process-delivery.ts) drives, and
 * what each platform implements (test/contract/ runs one suite against every implementation). Its errors are in
 * `delivery-errors.ts`.
 */
export type DeliveryChannel = {
	/**
	 * Until when a queued delivery must wait before it is sent (its recipient is in Do Not Disturb), or null to
	 * send it now. Asked before the send is paced or claimed; must not fail (a doubt means "send now").
	 */
	holdUntil(d: DeliveryRecipient): Promise<Date | null>;
	/** Sends one claimed delivery; returns the message reference ("channel:ts"). */
	deliver(d: ClaimedDelivery): Promise<string>;
	/**
	 * Work that must be done before a queued delivery can be sent and is safe to repeat (Teams: installing the app
	 * for the person through Graph). Runs before the pacer and the claim, so a worker killed meanwhile leaves the
	 * delivery queued, never `unknown`. Returns why the recipient cannot be reached (the delivery becomes
	 * `undeliverable`), or null. A throw proves nothing was sent: the job is retried.
	 */
	prepare?(d: DeliveryRecipient): Promise<string | null>;
};
