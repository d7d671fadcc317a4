import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { endpointOf } from "./endpoint-of.js";

/** The Redis URL the app uses, and how to stop a private server if one was started. */
export type ResolvedRedis = {
	url: string;
	source: "configured" | "local" | "private";
	stop(): Promise<void>;
};

/** Raised when no Redis can be found or started; the message says how to fix it. */
export class RedisUnavailableError extends Error {
	override name = "RedisUnavailableError";
}

async function answersPing(url: string, timeoutMs: number): Promise<boolean> {
	const client = new Redis(url, {
		lazyConnect: true,
		connectTimeout: timeoutMs,
		maxRetriesPerRequest: 0,
		retryStrategy: () => null,
		enableOfflineQueue: false,
	});
	client.on("error", () => undefined);
	try {
		await client.connect();
		return (await client.ping()) === "PONG";
	} catch {
		return false;
	} finally {
		client.disconnect();
	}
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once("error", reject);
		srv.listen(0, "127.0.0.1", () => {
			const addr = srv.address();
			const port = typeof addr === "object" && addr ? addr.port : 0;
			srv.close(() => resolve(port));
		});
	});
}

async function startPrivateRedis(
	dataDir: string,
	command: string,
): Promise<ResolvedRedis | undefined> {
	const dir = path.resolve(dataDir, "redis");
	await mkdir(dir, { recursive: true });
	const port = await freePort();
	const child = spawn(
		command,
		[
			"--port",
			String(port),
			"--bind",
			"127.0.0.1",
			"--dir",
			dir,
			"--appendonly",
			"yes",
			"--save",
			"",
		],
		{ stdio: "ignore" },
	);
	const started = await new Promise<boolean>((resolve) => {
		child.once("error", () => resolve(false));
		child.once("spawn", () => resolve(true));
	});
	if (!started) return undefined;
	const url = `redis://127.0.0.1:${port}`;
	for (let i = 0; i < 50; i++) {
		if (await answersPing(url, 200)) {
			return {
				url,
				source: "private",
				async stop() {
					child.kill("SIGTERM");
				},
			};
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	child.kill("SIGKILL");
	return undefined;
}

/**
 * Returns once the configured Redis answers a PING. Until `waitForMs` has passed it retries, logging the
 * host and port it waits for (never the password) and how long it has waited; then it gives up clearly.
 */
async function waitForConfiguredRedis(
	url: string,
	waitForMs: number,
	logger: Logger | undefined,
): Promise<void> {
	const { host, port } = endpointOf(url, 6379);
	const started = Date.now();
	for (let attempt = 1; ; attempt++) {
		if (await answersPing(url, 3000)) return;
		const waitedMs = Date.now() - started;
		if (waitedMs >= waitForMs)
			throw new RedisUnavailableError(
				`REDIS_URL is set but Redis does not answer there (${host}:${port}${
					waitedMs >= 1000 ? `, waited ${Math.round(waitedMs / 1000)} s` : ""
				}). Check the URL and that the server is running.`,
			);
		logger?.warn(
			{ host, port, attempts: attempt, waitedMs },
			`Redis is not reachable yet; waiting for it at ${host}:${port}`,
		);
		await new Promise((r) =>
			setTimeout(r, Math.min(1000 * attempt, 5000, waitForMs - waitedMs)),
		);
	}
}

/**
 * Finds Redis as the stable names in README.md says: REDIS_URL if set (it must answer), else 127.0.0.1:6379 if it
 * answers, else a private `redis-server` from PATH with data under the data folder.
 */
export async function resolveRedis(opts: {
	redisUrl: string | undefined;
	dataDir: string;
	/** Where to look before starting a private server. */
	localUrl?: string;
	/** The redis-server executable to start. */
	redisServer?: string;
	/** How long to wait for REDIS_URL to answer (a process started before its Redis); default 0. */
	waitForMs?: number;
	/** Where each retry while waiting is logged. */
	logger?: Logger;
}): Promise<ResolvedRedis> {
	const noop = async () => undefined;
	if (opts.redisUrl) {
		await waitForConfiguredRedis(
			opts.redisUrl,
			opts.waitForMs ?? 0,
			opts.logger,
		);
		return { url: opts.redisUrl, source: "configured", stop: noop };
	}
	const local = opts.localUrl ?? "redis://127.0.0.1:6379";
	if (await answersPing(local, 500))
		return { url: local, source: "local", stop: noop };
	const priv = await startPrivateRedis(
		opts.dataDir,
		opts.redisServer ?? "redis-server",
	);
	if (priv) return priv;
	throw new RedisUnavailableError(
		[
			"No Redis found. census-bot needs Redis 6.2 or newer for its job queue.",
			"  - Debian/Ubuntu: sudo apt-get install redis-server",
			"  - macOS: brew install redis && brew services start redis",
			"  - or set REDIS_URL to a Redis you already run.",
		].join("\n"),
	);
}
