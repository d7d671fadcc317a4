import { Redis } from "ioredis";

/**
 * Deletes every Redis key under `prefix` (a bench's queues, pacing and locks), on a connection of its own: for after
 * the runtime has stopped, so that no worker is still finishing a job whose keys go. Scanned and unlinked a
 * thousand at a time: a million-person start leaves a million job keys, too many for one command's arguments.
 */
export async function dropRedisPrefix(
	redisUrl: string,
	prefix: string,
): Promise<void> {
	const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
	try {
		const keys = redis.scanStream({ match: `${prefix}:*`, count: 1000 });
		for await (const batch of keys as AsyncIterable<string[]>)
			if (batch.length > 0) await redis.unlink(...batch);
	} finally {
		redis.disconnect();
	}
}
