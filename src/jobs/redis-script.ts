import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/** A Lua script run by its SHA (EVALSHA), loaded on first use or after Redis forgot it (NOSCRIPT). */
export class RedisScript {
	private readonly sha: string;

	constructor(private readonly lua: string) {
		this.sha = createHash("sha1").update(lua).digest("hex");
	}

	async run(redis: Redis, keys: string[], args: string[]): Promise<unknown> {
		try {
			return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
		} catch (err) {
			if (!String((err as Error).message).startsWith("NOSCRIPT")) throw err;
			return redis.eval(this.lua, keys.length, ...keys, ...args);
		}
	}
}
