import type { Redis } from "ioredis";
import { RedisScript } from "./redis-script.js";

/** Takes the lease when it is free or already ours, and (re)starts its expiry. */
const take = new RedisScript(`
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`);

/** Gives the lease back, only if it is still ours. */
const release = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);

/**
 * A lease in Redis that one holder at a time may hold, for at most `ttlMs` after it last took or renewed it: a
 * holder that dies (kill -9, lost network) loses it when that time is up, without anyone having to notice. Redis's
 * own clock measures the expiry, so holders on several machines need no common clock.
 */
export class QueueLease {
	constructor(
		private readonly redis: Redis,
		private readonly key: string,
		/** Who holds it: unique per holder (a random id per process and purpose). */
		private readonly holder: string,
		private readonly ttlMs: number,
	) {}

	/** Takes the lease, or renews it if ours; false when another holder has it. */
	async take(): Promise<boolean> {
		return (
			(await take.run(
				this.redis,
				[this.key],
				[this.holder, String(Math.max(1, Math.round(this.ttlMs)))],
			)) === 1
		);
	}

	/** Gives it back at once (if still ours), so that another holder need not wait for the expiry. */
	async release(): Promise<void> {
		await release.run(this.redis, [this.key], [this.holder]);
	}
}
