import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { AppProcess } from "../support/app-process.js";
import {
	createTestDatabase,
	dropTestRedisPrefix,
	type TestDatabase,
	testRedisPrefix,
	testRedisUrl,
} from "../support/test-database.js";

const run = promisify(execFile);

/**
 * What `npm start` runs in production: `npm run build` (tsc into dist/), then `node dist/main.js`, with no
 * TypeScript loader. The build is incremental, so this costs a few seconds when dist/ is up to date.
 */
describe("the compiled app (npm run build, node dist/main.js)", () => {
	let db: TestDatabase;
	let app: AppProcess;
	let url: string;
	const redisPrefix = testRedisPrefix("compiled");

	beforeAll(async () => {
		await run("npm", ["run", "build", "--silent"], { timeout: 170_000 });
		db = await createTestDatabase("compiled");
		app = await AppProcess.start(
			"all",
			{
				DATABASE_URL: db.url,
				REDIS_URL: testRedisUrl,
				CENSUS_REDIS_PREFIX: redisPrefix,
				SLACK_BOT_TOKEN: "xoxb-not-a-real-token",
				SLACK_SIGNING_SECRET: randomBytes(16).toString("hex"),
				SLACK_API_URL: "http://127.0.0.1:9/api/",
				CENSUS_SEALING_SECRET: randomBytes(32).toString("hex"),
				// Every role, the tally's included: it needs its key.
				CENSUS_TALLY_KEY: ephemeralCustody().tallyKeyText,
				PORT: "0",
			},
			30_000,
			"dist/main.js",
		);
		url = `http://127.0.0.1:${app.port}`;
	}, 240_000);

	afterAll(async () => {
		await app?.kill();
		await dropTestRedisPrefix(redisPrefix);
		await db?.drop();
	});

	it("migrates the database from dist/ and answers /readyz with 200", async () => {
		expect(app.output.join("")).toMatch(
			/"applied":[1-9]\d*[^\n]*database migrated/,
		);
		const ready = await fetch(`${url}/readyz`);
		expect(ready.status).toBe(200);
		expect(await ready.json()).toMatchObject({
			checks: { database: "ok", redis: "ok" },
		});
	});

	it("exits 0 within 10 s of SIGTERM", async () => {
		const { code, ms } = await app.terminate();
		expect(code).toBe(0);
		expect(ms).toBeLessThan(10_000);
	}, 15_000);
});
