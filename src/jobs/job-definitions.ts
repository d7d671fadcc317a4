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
