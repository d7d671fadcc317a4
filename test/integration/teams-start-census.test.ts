import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teamsHelpText } from "../../src/chat/messages.js";
import { loadConfig } from "../../src/config.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { createLogger } from "../../src/logger.js";
import { FakeBotConnector } from "../../src/sim/fake-bot-connector.js";
import { personalMessage } from "../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import { type CensusRuntime, startCensus } from "../../src/start-census.js";
import { TeamsConversationRepository } from "../../src/storage/teams-conversation-repository.js";
import {
	createTestDatabase,
	type TestDatabase,
	testRedisPrefix,
} from "../support/test-database.js";

const appId = "00000000-0000-4000-8000-00000000a003";
const tenantId = "00000000-0000-4000-8000-0000000070e3";

/** The composition root wires Teams on the main server, with its conversations in PostgreSQL. */
describe("startCensus with Teams", () => {
	let db: TestDatabase;
	let dataDir: string;
	let connector: FakeBotConnector;
	let runtime: CensusRuntime;

	beforeAll(async () => {
		db = await createTestDatabase("teamsstart");
		dataDir = await mkdtemp(path.join(os.tmpdir(), "census-teams-"));
		connector = await FakeBotConnector.start({ acceptToken: "injected" });
		const config = loadConfig({
			DATABASE_URL: db.url,
			REDIS_URL: "redis://127.0.0.1:6379",
			CENSUS_DATA_DIR: dataDir,
			CENSUS_SEALING_SECRET: randomBytes(32).toString("hex"),
			CENSUS_TALLY_KEY: ephemeralCustody().tallyKeyText,
			CENSUS_ADMINS: "aad-ada",
			TEAMS_APP_ID: appId,
			TEAMS_APP_PASSWORD: "unused",
			TEAMS_TENANT_ID: tenantId,
			TEAMS_OPENID_METADATA_URL: connector.openIdMetadataUrl,
		});
		runtime = await startCensus(
			{ ...config, port: 0 },
			{
				// The tally role registers its key, so campaigns can be started (and closed).
				roles: ["web", "tally"],
				host: "127.0.0.1",
				redisPrefix: testRedisPrefix("teamsstart"),
				logger: createLogger("silent"),
				teamsOutboundToken: async () => "injected",
			},
		);
	});
	afterAll(async () => {
		await runtime?.stop();
		await connector?.close();
		await db?.drop();
		await rm(dataDir, { recursive: true, force: true });
	});

	it("answers census help through the connector and keeps the person's conversation", async () => {
		expect(runtime.teams?.mode).toBe("authenticated");
		expect(runtime.teams?.localMessagesUrl).toBeUndefined();
		const sender = new TeamsActivitySender({
			messagesUrl: `${runtime.url}/api/messages`,
			appId,
			signer: connector.signer,
		});
		const ada = { id: "29:ada", aadObjectId: "aad-ada", name: "Ada" };
		const answer = await sender.post(
			personalMessage(
				{ serviceUrl: connector.serviceUrl, tenantId, appId },
				ada,
				"census help",
			),
		);
		expect(answer.status).toBe(200);
		expect(connector.delivered("reply").map((c) => c.body.text)).toEqual([
			teamsHelpText,
		]);
		const stored = await new TeamsConversationRepository(
			runtime.prisma,
		).findByTeamsUserId("aad-ada");
		expect(stored?.userId).toBe("29:ada");
	});
});
