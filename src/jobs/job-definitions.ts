import { z } from "zod";
import type { Platform } from "../domain/deliveries/platform.js";

/**
 * Queue names, defined once. One delivery queue per platform (one Slack workspace, one Teams tenant): each has its
 * own rate limit, and a 429 from one platform pauses only its queue. Each name is a Redis Cluster hash tag: every
 * key of a queue (BullMQ's and our pacer's) hashes to that queue's slot, so its scripts work on a cluster, and
 * different queues can live on different nodes. (The key prefix must then carry no braces of its own: the first
 * `{…}` in a key is its tag.)
 */
export const queueNames = {
	deliveries: "{census-deliveries}",
	teamsDeliveries: "{census-deliveries-teams}",
	schedule: "{census-schedule}",
	/** Close requests for the tally process, the only one that can open ballots. */
	tally: "{census-tally}",
} as const;

/** The delivery queue of a platform. */
export function deliveryQueueName(platform: Platform): string {
	return platform === "slack"
		? queueNames.deliveries
		: queueNames.teamsDeliveries;
}

/** A delivery job carries one outbox id and nothing else: never an answer, never a person. */
export const deliveryJobSchema = z.object({ deliveryId: z.uuid() });

export type DeliveryJob = z.output<typeof deliveryJobSchema>;

/** Deterministic job id: the same delivery (and generation) is never queued twice. */
export function deliveryJobId(d: { id: string; generation: number }): string {
	return `delivery-${d.id}-${d.generation}`;
}

const jobIdPattern =
	/^delivery-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-\d+$/i;

/** The delivery id in a job id made by {@link deliveryJobId}, or null for any other id. */
export function deliveryIdOfJobId(jobId: string): string | null {
	return jobIdPattern.exec(jobId)?.[1] ?? null;
}

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
