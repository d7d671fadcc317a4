import type { Redis } from "ioredis";
import type { OncePerPerson } from "../chat/once-per-person.js";

/**
 * `OncePerPerson` in Redis: one key per person under `{prefix}:{personId}` that expires after `ttlSeconds`. `SET NX`
 * claims it in one step, so two processes receiving the same person's messages cannot both claim it.
 */
export class RedisOncePerPerson implements OncePerPerson {
	constructor(
		private readonly redis: Redis,
		private readonly prefix: string,
		private readonly ttlSeconds: number,
	) {}

	async claim(personId: string): Promise<boolean> {
		const set = await this.redis.set(
			`${this.prefix}:${personId}`,
			"1",
			"EX",
			this.ttlSeconds,
			"NX",
		);
		return set === "OK";
	}
}
