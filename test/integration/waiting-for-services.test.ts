import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { migrateWhenReachable } from "../../src/storage/migrate-when-reachable.js";
import {
	RedisUnavailableError,
	resolveRedis,
} from "../../src/storage/redis-connection.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";
import { until } from "../support/until.js";

type Line = { msg: string; host?: string; port?: number; waitedMs?: number };

function capturingLogger() {
	const raw: string[] = [];
	const logger = createLogger("info", { write: (l: string) => raw.push(l) });
	const lines = () => raw.map((l) => JSON.parse(l) as Line);
	return { logger, raw, lines };
}

const password = "pw-that-must-never-be-logged";

/** Issue 20 item 5: a process started before its database or Redis says where it waits, and for how long. */
describe("waiting for PostgreSQL and Redis", () => {
	let db: TestDatabase;
	let dataDir: string;
	const proxies: TcpProxy[] = [];

	beforeAll(async () => {
		db = await createTestDatabase("waiting");
		dataDir = await mkdtemp(path.join(os.tmpdir(), "census-wait-"));
	});
	afterAll(async () => {
		for (const p of proxies) await p.close();
		await db?.drop();
		await rm(dataDir, { recursive: true, force: true });
	});

	it("logs PostgreSQL's host, port and time waited, never the credentials, then migrates", async () => {
		const proxy = await TcpProxy.start(5432);
		proxies.push(proxy);
		proxy.down();
		const { logger, raw, lines } = capturingLogger();
		const url = `postgresql://postgres:${password}@127.0.0.1:${proxy.port}/${db.name}`;
		const migrating = migrateWhenReachable(url, logger, {
			firstDelayMs: 50,
			maxDelayMs: 100,
		});
		await until(() => raw.length >= 3, 15_000, "three waiting lines");
		proxy.up();
		const result = await migrating;
		expect(result.applied.length).toBeGreaterThan(0);

		const waiting = lines().filter((l) =>
			l.msg.startsWith("PostgreSQL is not reachable yet"),
		);
		expect(waiting.length).toBeGreaterThanOrEqual(3);
		for (const l of waiting) {
			expect(l).toMatchObject({ host: "127.0.0.1", port: proxy.port });
			expect(l.msg).toContain(`127.0.0.1:${proxy.port}`);
		}
		const waited = waiting.map((l) => l.waitedMs ?? -1);
		expect(waited[0]).toBeGreaterThanOrEqual(0);
		expect(waited.at(-1)).toBeGreaterThan(waited[0] as number);
		const all = raw.join("\n");
		expect(all).not.toContain(password);
		expect(all).not.toContain(db.name);
	});

	it("waits for a configured Redis, logging its host and port, never the password", async () => {
		const proxy = await TcpProxy.start(6379);
		proxies.push(proxy);
		proxy.down();
		const { logger, raw, lines } = capturingLogger();
		const url = `redis://default:${password}@127.0.0.1:${proxy.port}`;
		const resolving = resolveRedis({
			redisUrl: url,
			dataDir,
			waitForMs: 20_000,
			logger,
		});
		await until(() => raw.length >= 1, 15_000, "a waiting line");
		proxy.up();
		const redis = await resolving;
		expect(redis.source).toBe("configured");
		const line = lines()[0] as Line;
		expect(line).toMatchObject({
			msg: `Redis is not reachable yet; waiting for it at 127.0.0.1:${proxy.port}`,
			host: "127.0.0.1",
			port: proxy.port,
		});
		expect(line.waitedMs).toBeGreaterThanOrEqual(0);
		expect(raw.join("\n")).not.toContain(password);
	});

	it("gives up on a configured Redis after the wait, naming where it looked", async () => {
		const proxy = await TcpProxy.start(6379);
		proxies.push(proxy);
		proxy.down();
		const { logger } = capturingLogger();
		const started = Date.now();
		const attempt = resolveRedis({
			redisUrl: `redis://default:${password}@127.0.0.1:${proxy.port}`,
			dataDir,
			waitForMs: 1_500,
			logger,
		});
		await expect(attempt).rejects.toBeInstanceOf(RedisUnavailableError);
		await expect(attempt).rejects.toThrow(
			new RegExp(
				`does not answer there \\(127\\.0\\.0\\.1:${proxy.port}, waited \\d s\\)`,
			),
		);
		await expect(attempt).rejects.not.toThrow(password);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
	});
});
