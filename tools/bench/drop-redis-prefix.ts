import { Redis } from "ioredis";

/**
 * Deletes every Redis key under `prefix` (a bench's queues, pacing and locks), on a connection of its own: for after
 * the runtime has stopped, so that no worker is still finishing a job whose keys go.
 */
export async function dropRedisPrefix(
	redisUrl: string,
	prefix: string,
): Promise<void> {
	const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
	try {
		const keys = await redis.keys(`${prefix}:*`);
		if (keys.length > 0) await redis.del(...keys);
	} finally {
		redis.disconnect();
	}
}
