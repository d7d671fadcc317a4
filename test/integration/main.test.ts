import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { signSlackRequest } from "../../src/sim/slack-request-signer.js";
import { AppProcess } from "../support/app-process.js";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";

describe("npm start", () => {
	let db: TestDatabase;
	let port: number;
	let main: AppProcess;
	const secret = randomBytes(16).toString("hex");

	beforeAll(async () => {
		db = await createTestDatabase("main");
		// `npm start` runs every role, the tally's included.
		main = await AppProcess.start("all", {
			DATABASE_URL: db.url,
			REDIS_URL: "redis://127.0.0.1:6379",
			SLACK_BOT_TOKEN: "xoxb-not-a-real-token",
			SLACK_SIGNING_SECRET: secret,
			SLACK_API_URL: "http://127.0.0.1:9/api/",
			CENSUS_SEALING_SECRET: randomBytes(32).toString("hex"),
			CENSUS_TALLY_KEY: ephemeralCustody().tallyKeyText,
			PORT: "0",
		});
		port = main.port;
	}, 40_000);

	afterAll(async () => {
		await main?.kill();
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
		expect((await main.terminate()).code).toBe(0);
	});
});

describe("npm start with bad configuration", () => {
	it("lists every problem without values or a stack trace, and exits 1", async () => {
		const { code, output: out } = await AppProcess.refused("all", {
			PORT: "not-a-port",
			LOG_LEVEL: "loud",
			DATABASE_URL: "mysql://secret-value@x/y",
		});
		expect(code).toBe(1);
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
			const run = AppProcess.launch("all", {
				DATABASE_URL: db.url,
				REDIS_URL: "redis://127.0.0.1:6379",
				SLACK_BOT_TOKEN: "xoxb-not-a-real-token",
				SLACK_SIGNING_SECRET: randomBytes(16).toString("hex"),
				SLACK_API_URL: "http://127.0.0.1:9/api/",
				CENSUS_SEALING_SECRET: randomBytes(32).toString("hex"),
				CENSUS_TALLY_KEY: ephemeralCustody().tallyKeyText,
				PORT: "0",
			});
			// Logged just before the start begins (migrations, Redis, workers): the stop arrives mid-start.
			const output = () => run.output.join("");
			const deadline = Date.now() + 30_000;
			while (!output().includes("Teams is disabled")) {
				if (Date.now() > deadline)
					throw new Error(`no start-up log:\n${output()}`);
				await new Promise((r) => setTimeout(r, 5));
			}
			const { code } = await run.terminate();
			expect(code).toBe(0);
			expect(output()).toContain("shutting down");
		} finally {
			await db.drop();
		}
	}, 60_000);
});
