import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	RedisUnavailableError,
	resolveRedis,
} from "../../src/storage/redis-connection.js";

describe("Redis discovery", () => {
	let dataDir: string;
	const dead = "redis://127.0.0.1:9";

	beforeAll(async () => {
		dataDir = await mkdtemp(path.join(os.tmpdir(), "census-redis-"));
	});
	afterAll(async () => {
		await rm(dataDir, { recursive: true, force: true });
	});

	it("uses REDIS_URL when it answers", async () => {
		const r = await resolveRedis({
			redisUrl: "redis://127.0.0.1:6379",
			dataDir,
		});
		expect(r.source).toBe("configured");
	});

	it("says so clearly when REDIS_URL does not answer", async () => {
		await expect(resolveRedis({ redisUrl: dead, dataDir })).rejects.toThrow(
			/REDIS_URL is set but Redis does not answer/,
		);
	});

	it("uses the local Redis when REDIS_URL is unset", async () => {
		const r = await resolveRedis({ redisUrl: undefined, dataDir });
		expect(r).toMatchObject({ source: "local", url: "redis://127.0.0.1:6379" });
	});

	it("starts a private redis-server with its data under the data folder when none answers", async () => {
		const r = await resolveRedis({
			redisUrl: undefined,
			dataDir,
			localUrl: dead,
		});
		try {
			expect(r.source).toBe("private");
			const client = new Redis(r.url);
			await client.set("census-test-key", "1");
			expect(await client.config("GET", "dir")).toEqual([
				"dir",
				path.join(dataDir, "redis"),
			]);
			client.disconnect();
		} finally {
			await r.stop();
		}
	}, 15_000);

	it("exits with install instructions when there is no Redis at all", async () => {
		const attempt = resolveRedis({
			redisUrl: undefined,
			dataDir,
			localUrl: dead,
			redisServer: "no-such-redis-server",
		});
		await expect(attempt).rejects.toBeInstanceOf(RedisUnavailableError);
		await expect(attempt).rejects.toThrow(/apt-get install redis-server/);
	});
});
