import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import {
	createTestDatabase,
	type TestDatabase,
	testRedisPrefix,
} from "../support/test-database.js";

const run = promisify(execFile);

/**
 * What `npm start` runs in production: `npm run build` (tsc into dist/), then `node dist/main.js`, with no
 * TypeScript loader. The build is incremental, so this costs a few seconds when dist/ is up to date.
 */
describe("the compiled app (npm run build, node dist/main.js)", () => {
	let db: TestDatabase;
	let app: ChildProcess;
	let output = "";
	let exited: Promise<number | null>;
	let url: string;

	beforeAll(async () => {
		await run("npm", ["run", "build", "--silent"], { timeout: 170_000 });
		db = await createTestDatabase("compiled");
		app = spawn(process.execPath, ["dist/main.js", "--role=all"], {
			env: {
				PATH: process.env.PATH ?? "",
				DATABASE_URL: db.url,
				REDIS_URL: "redis://127.0.0.1:6379",
				CENSUS_REDIS_PREFIX: testRedisPrefix("compiled"),
				SLACK_BOT_TOKEN: "xoxb-not-a-real-token",
				SLACK_SIGNING_SECRET: randomBytes(16).toString("hex"),
				SLACK_API_URL: "http://127.0.0.1:9/api/",
				CENSUS_SEALING_SECRET: randomBytes(32).toString("hex"),
				// Every role, the tally's included: it needs its key.
				CENSUS_TALLY_KEY: ephemeralCustody().tallyKeyText,
				PORT: "0",
				LOG_LEVEL: "info",
			},
			stdio: ["ignore", "pipe", "pipe"],
		});
		app.stdout?.on("data", (b) => (output += b));
		app.stderr?.on("data", (b) => (output += b));
		exited = new Promise((r) => app.once("exit", (code) => r(code)));
		const deadline = Date.now() + 30_000;
		for (;;) {
			const m = /"port":(\d+)[^\n]*census-bot started/.exec(output);
			if (m) {
				url = `http://127.0.0.1:${m[1]}`;
				break;
			}
			if (app.exitCode !== null || Date.now() > deadline)
				throw new Error(`node dist/main.js did not start:\n${output}`);
			await new Promise((r) => setTimeout(r, 50));
		}
	}, 240_000);

	afterAll(async () => {
		if (app?.exitCode === null) {
			app.kill("SIGKILL");
			await exited;
		}
		await db?.drop();
	});

	it("migrates the database from dist/ and answers /readyz with 200", async () => {
		expect(output).toMatch(/"applied":[1-9]\d*[^\n]*database migrated/);
		const ready = await fetch(`${url}/readyz`);
		expect(ready.status).toBe(200);
		expect(await ready.json()).toMatchObject({
			checks: { database: "ok", redis: "ok" },
		});
	});

	it("exits 0 within 10 s of SIGTERM", async () => {
		const t0 = Date.now();
		app.kill("SIGTERM");
		const code = await Promise.race([
			exited,
			new Promise<"still running">((r) =>
				setTimeout(() => r("still running"), 10_000),
			),
		]);
		expect(code).toBe(0);
		expect(Date.now() - t0).toBeLessThan(10_000);
	}, 15_000);
});
