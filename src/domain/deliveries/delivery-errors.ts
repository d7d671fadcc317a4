/** What a platform's sender throws, and what each means for the delivery (see `DeliveryChannel`). */

/**
 * Thrown by a sender when the platform refused before anything could be sent: 429, Teams' 412, or a 5xx to a call
 * that sends nothing (creating a conversation). The claim is given back, no attempt is used, and the whole queue
 * pauses for `retryAfterMs` (one queue per workspace or tenant, so one pause for everyone).
 */
export class PlatformRateLimited extends Error {
	constructor(
		readonly retryAfterMs: number,
		/** The platform's HTTP status. */
		readonly status = 429,
	) {
		super(`rate limited for ${retryAfterMs} ms`);
		this.name = "PlatformRateLimited";
	}
}

/**
 * Thrown by a sender when the platform answered 502, 503 or 504 to a send: the send may still have arrived, so it is recorded as
 * `unknown` (never resent on its own), and the platform is struggling, so the whole queue slows down for
 * `retryAfterMs`, as after a 429.
 */
export class PlatformOverloaded extends Error {
	constructor(
		readonly status: number,
		readonly retryAfterMs: number,
	) {
		super(`platform overloaded (${status}); backing off ${retryAfterMs} ms`);
		this.name = "PlatformOverloaded";
	}
}

/** Thrown by a sender when the platform refused this recipient for good (left, blocked the bot). */
export class RecipientUnreachable extends Error {
	constructor(readonly reason: string) {
		super(`recipient unreachable: ${reason}`);
		this.name = "RecipientUnreachable";
	}
}

/**
 * Thrown by a sender when nothing was sent: the platform answered with an error that proves it (safe to retry), or
 * the delivery cannot be sent at all (`final`: an unreadable payload; failed at once, not retried).
 */
export class NothingSent extends Error {
	constructor(
		readonly reason: string,
		readonly final = false,
	) {
		super(`nothing sent: ${reason}`);
		this.name = "NothingSent";
	}
}
