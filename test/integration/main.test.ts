import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { signSlackRequest } from "../../src/sim/slack-request-signer.js";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";

async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = net.createServer().listen(0, "127.0.0.1", () => {
			const port = (s.address() as net.AddressInfo).port;
			s.close(() => resolve(port));
		});
	});
}

function runMain(env: Record<string, string>): {
	child: ChildProcess;
	output: () => string;
	exited: Promise<number | null>;
} {
	let out = "";
	const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
		env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
		stdio: ["ignore", "pipe", "pipe"],
	});
	child.stdout?.on("data", (d) => (out += d));
	child.stderr?.on("data", (d) => (out += d));
	const exited = new Promise<number | null>((r) =>
		child.once("exit", (code) => r(code)),
	);
	return { child, output: () => out, exited };
}

describe("npm start", () => {
	let db: TestDatabase;
	let port: number;
	let main: ReturnType<typeof runMain>;
	const secret = randomBytes(16).toString("hex");

	beforeAll(async () => {
		db = await createTestDatabase("main");
		port = await freePort();
		main = runMain({
			DATABASE_URL: db.url,
			REDIS_URL: "redis://127.0.0.1:6379",
			SLACK_BOT_TOKEN: "xoxb-not-a-real-token",
			SLACK_SIGNING_SECRET: secret,
			SLACK_API_URL: "http://127.0.0.1:9/api/",
			CENSUS_SEALING_SECRET: randomBytes(32).toString("hex"),
			// `npm start` runs every role, the tally's included.
			CENSUS_TALLY_KEY: ephemeralCustody().tallyKeyText,
			PORT: String(port),
			LOG_LEVEL: "info",
		});
		const deadline = Date.now() + 30_000;
		for (;;) {
			const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
				(r) => r.ok,
				() => false,
			);
			if (ok) break;
			if (Date.now() > deadline)
				throw new Error(`npm start did not come up:\n${main.output()}`);
			await new Promise((r) => setTimeout(r, 200));
		}
	}, 40_000);

	afterAll(async () => {
		main?.child.kill("SIGTERM");
		await main?.exited;
		await db?.drop();
	});

	it("answers /healthz and /readyz with 200", async () => {
		const health = await fetch(`http://127.0.0.1:${port}/healthz`);
		expect(health.status).toBe(200);
		const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
		expect(ready.status).toBe(200);
		expect(await ready.json()).toMatchObject({
			checks: { database: "ok", redis: "ok" },
			// The delivery backlog, for operators: nothing due, nothing stalled.
			deliveries: { due: 0, oldestDueSeconds: null, stalled: false },
		});
	});

	it("accepts a correctly signed /census request and rejects a wrongly signed one with 401", async () => {
		const body = new URLSearchParams({
			command: "/census",
			text: "help",
			user_id: "U123",
			team_id: "T123",
			channel_id: "D123",
			response_url: `http://127.0.0.1:9/response/x`,
			trigger_id: "1.2.3",
		}).toString();
		const good = await fetch(`http://127.0.0.1:${port}/slack/events`, {
			method: "POST",
			headers: signSlackRequest(secret, body),
			body,
		});
		expect(good.status).toBe(200);
		const bad = await fetch(`http://127.0.0.1:${port}/slack/events`, {
			method: "POST",
			headers: signSlackRequest("wrong-secret", body),
			body,
		});
		expect(bad.status).toBe(401);
	});

	it("stops cleanly on SIGTERM", async () => {
		main.child.kill("SIGTERM");
		expect(await main.exited).toBe(0);
	});
});

describe("npm start with bad configuration", () => {
	it("lists every problem without values or a stack trace, and exits 1", async () => {
		const run = runMain({
			PORT: "not-a-port",
			LOG_LEVEL: "loud",
			DATABASE_URL: "mysql://secret-value@x/y",
		});
		expect(await run.exited).toBe(1);
		const out = run.output();
		expect(out).toContain("PORT");
		expect(out).toContain("LOG_LEVEL");
		expect(out).toContain("DATABASE_URL");
		expect(out).not.toContain("secret-value");
		expect(out).not.toMatch(/\n\s+at /);
	}, 20_000);
});

describe("npm start stopped while it is starting", () => {
	it("finishes starting, then stops cleanly: a SIGTERM is never lost to the start", async () => {
		const db = await createTestDatabase("main-early-stop");
		try {
			const run = runMain({
				DATABASE_URL: db.url,
				REDIS_URL: "redis://127.0.0.1:6379",
				SLACK_BOT_TOKEN: "xoxb-not-a-real-token",
				SLACK_SIGNING_SECRET: randomBytes(16).toString("hex"),
				SLACK_API_URL: "http://127.0.0.1:9/api/",
				CENSUS_SEALING_SECRET: randomBytes(32).toString("hex"),
				CENSUS_TALLY_KEY: ephemeralCustody().tallyKeyText,
				PORT: String(await freePort()),
				LOG_LEVEL: "info",
			});
			// Logged just before the start begins (migrations, Redis, workers): the stop arrives mid-start.
			const deadline = Date.now() + 30_000;
			while (!run.output().includes("Teams is disabled")) {
				if (Date.now() > deadline)
					throw new Error(`no start-up log:\n${run.output()}`);
				await new Promise((r) => setTimeout(r, 5));
			}
			run.child.kill("SIGTERM");
			expect(await run.exited).toBe(0);
			expect(run.output()).toContain("shutting down");
		} finally {
			await db.drop();
		}
	}, 60_000);
});
