import { PassThrough } from "node:stream";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRosterCheck } from "../../src/cli/roster-check.js";
import { loadConfig } from "../../src/config.js";
import { FakeSlackApi } from "../../src/sim/fake-slack-api.js";
import { migrate } from "../../src/storage/migrator.js";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";

/**
 * `npm run roster -- check` when Slack refuses the bot's token: the directory fails, so the check says so and
 * exits 2 (it could not look anyone up), rather than 0 as if everyone had been checked.
 */
describe("roster check with a people directory that fails", () => {
	let db: TestDatabase;
	let fake: FakeSlackApi;

	beforeAll(async () => {
		db = await createTestDatabase("checkfail");
		await migrate(db.url);
		const c = new pg.Client({ connectionString: db.url });
		await c.connect();
		await c.query(
			`insert into employee (id, email, department, grade, slack_user_id, updated_at)
			 values (gen_random_uuid(), 'ana@example.org', 'Legal', 'G1', 'U0ANA', now()),
			        (gen_random_uuid(), 'ben@example.org', 'Legal', 'G1', null, now())`,
		);
		await c.end();
		fake = await FakeSlackApi.start({ botToken: "xoxb-the-real-one" });
	}, 60_000);

	afterAll(async () => {
		await fake?.close();
		await db?.drop();
	});

	const check = async (token: string) => {
		const config = loadConfig({
			DATABASE_URL: db.url,
			SLACK_BOT_TOKEN: token,
			SLACK_SIGNING_SECRET: "s".repeat(32),
			SLACK_API_URL: fake.apiUrl,
		});
		const out = new PassThrough();
		let text = "";
		out.on("data", (b: Buffer) => {
			text += b.toString();
		});
		const code = await runRosterCheck({
			config,
			platforms: ["slack"],
			databaseUrl: db.url,
			csvFile: undefined,
			out,
			progress: false,
		});
		return { code, text };
	};

	it("exits 2 and says Slack failed when Slack refuses the token", async () => {
		const { code, text } = await check("xoxb-revoked");
		expect(text).toMatch(/Slack/);
		expect(text).toMatch(/invalid_auth|not_authed|token/i);
		expect(code).toBe(2);
	});
});
