import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeBotConnector } from "../../src/sim/fake-bot-connector.js";
import {
	personalInstall,
	type TeamsActivityContext,
} from "../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import { AppProcess } from "../support/app-process.js";
import { freePort } from "../support/free-port.js";
import {
	createTestDatabase,
	dropTestRedisPrefix,
	type TestDatabase,
	testRedisPrefix,
} from "../support/test-database.js";

const appId = "00000000-0000-4000-8000-00000000a002";
const tenantId = "00000000-0000-4000-8000-0000000070e2";

/** `npm start` configured for Teams only through the environment, with the fake connector's keys. */
describe("npm start with TEAMS_APP_ID", () => {
	let db: TestDatabase;
	let connector: FakeBotConnector;
	let app: AppProcess;
	let sender: TeamsActivitySender;
	let ctx: TeamsActivityContext;

	const storedUsers = async () => {
		const c = new pg.Client({ connectionString: db.url });
		await c.connect();
		try {
			const r = await c.query(
				"select user_id, tenant_id from teams_conversation order by user_id",
			);
			return r.rows as { user_id: string; tenant_id: string }[];
		} finally {
			await c.end();
		}
	};

	const redisPrefix = testRedisPrefix("teamsmain");
	beforeAll(async () => {
		db = await createTestDatabase("teamsmain");
		connector = await FakeBotConnector.start();
		const port = await freePort();
		app = await AppProcess.start("web", {
			DATABASE_URL: db.url,
			REDIS_URL: "redis://127.0.0.1:6379",
			CENSUS_REDIS_PREFIX: redisPrefix,
			CENSUS_SEALING_SECRET: randomBytes(32).toString("hex"),
			PORT: String(port),
			TEAMS_APP_ID: appId,
			TEAMS_APP_PASSWORD: "not-used-by-install",
			TEAMS_TENANT_ID: tenantId,
			TEAMS_OPENID_METADATA_URL: connector.openIdMetadataUrl,
		});
		sender = new TeamsActivitySender({
			messagesUrl: `http://127.0.0.1:${port}/api/messages`,
			appId,
			signer: connector.signer,
		});
		ctx = { serviceUrl: connector.serviceUrl, tenantId, appId };
	}, 60_000);
	afterAll(async () => {
		await app?.terminate();
		await dropTestRedisPrefix(redisPrefix);
		await connector?.close();
		await db?.drop();
	});

	it("stores the conversation of a signed install in PostgreSQL, and refuses forged and foreign ones", async () => {
		const user = (n: string) => ({
			id: `29:${n}`,
			aadObjectId: `aad-${n}`,
			name: n,
		});
		expect(
			(
				await sender.post(personalInstall(ctx, user("forged")), {
					token: { forgeSignature: true },
				})
			).status,
		).toBe(401);
		expect(
			(
				await sender.post(personalInstall(ctx, user("other-app")), {
					token: { audience: "00000000-0000-4000-8000-0000000000ff" },
				})
			).status,
		).toBe(401);
		expect(
			(
				await sender.post(
					personalInstall(
						{ ...ctx, tenantId: "other-tenant" },
						user("foreign"),
					),
				)
			).status,
		).toBe(403);
		expect((await sender.post(personalInstall(ctx, user("ada")))).status).toBe(
			200,
		);
		expect(await storedUsers()).toEqual([
			{ user_id: "29:ada", tenant_id: tenantId },
		]);
		expect(connector.calls).toEqual([]);
		expect(app.output.join("")).not.toMatch(/not-used-by-install/);
	});
});
