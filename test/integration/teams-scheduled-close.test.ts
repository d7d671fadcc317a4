import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRosterImport } from "../../src/cli/roster-import.js";
import { loadConfig } from "../../src/config.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { createLogger } from "../../src/logger.js";
import {
	FakeBotConnector,
	personalConversationId,
} from "../../src/sim/fake-bot-connector.js";
import {
	personalMessage,
	type TeamsActivityContext,
	type TeamsTestUser,
} from "../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import { waitFor } from "../../src/sim/wait-for.js";
import { type CensusRuntime, startCensus } from "../../src/start-census.js";
import {
	createTestDatabase,
	type TestDatabase,
	testRedisPrefix,
} from "../support/test-database.js";

const appId = "00000000-0000-4000-8000-00000000a005";
const tenantId = "00000000-0000-4000-8000-0000000070e5";
/** The admin, by Entra object id (in CENSUS_ADMINS), not on the roster: she starts the census in her own chat. */
const ada: TeamsTestUser = {
	id: "29:ada-close",
	aadObjectId: "00000000-0000-4000-8000-00000000ad05",
	name: "Ada",
};
const leadership = "19:close-leadership@thread.tacv2";
const day = 86_400_000;

/**
 * A census started in Teams closes by itself at its closing time: the admin who started it is told in her own
 * Teams chat, in Teams' words (`census results`, markdown), that the preview waits for her. Only Teams is
 * configured; the whole app runs (web, worker and tally roles, PostgreSQL, Redis) against the fake Bot Connector.
 */
describe("the scheduled close, in Teams", () => {
	let db: TestDatabase;
	let dataDir: string;
	let connector: FakeBotConnector;
	let runtime: CensusRuntime;
	let sender: TeamsActivitySender;
	let ctx: TeamsActivityContext;
	const logs: string[] = [];
	const openedAt = new Date();
	let now = openedAt;

	beforeAll(async () => {
		db = await createTestDatabase("teamsclose");
		dataDir = await mkdtemp(path.join(os.tmpdir(), "census-teams-close-"));
		const csv = path.join(dataDir, "roster.csv");
		const people = Array.from({ length: 12 }, (_, i) =>
			[
				`close${i}@example.org`,
				"Operations",
				"EO",
				"",
				"",
				`29:close${i}`,
				"Europe/London",
			].join(","),
		);
		await writeFile(
			csv,
			[
				"email,department,grade,manager_email,slack_user_id,teams_user_id,timezone",
				...people,
				"",
			].join("\n"),
		);
		connector = await FakeBotConnector.start({ acceptToken: "injected" });
		const config = loadConfig({
			DATABASE_URL: db.url,
			REDIS_URL: "redis://127.0.0.1:6379",
			CENSUS_DATA_DIR: dataDir,
			CENSUS_SEALING_SECRET: randomBytes(32).toString("hex"),
			CENSUS_TALLY_KEY: ephemeralCustody().tallyKeyText,
			CENSUS_ADMINS: ada.aadObjectId,
			TEAMS_APP_ID: appId,
			TEAMS_APP_PASSWORD: "unused",
			TEAMS_TENANT_ID: tenantId,
			TEAMS_OPENID_METADATA_URL: connector.openIdMetadataUrl,
			TEAMS_SERVICE_URL: connector.serviceUrl,
		});
		runtime = await startCensus(
			{ ...config, port: 0 },
			{
				roles: ["web", "worker", "tally"],
				host: "127.0.0.1",
				redisPrefix: testRedisPrefix("teamsclose"),
				logger: createLogger("info", {
					write: (l: string) => void logs.push(l),
				}),
				teamsOutboundToken: async () => "injected",
				clock: { now: () => now },
				tickMs: 250,
			},
		);
		expect(
			await runRosterImport({
				file: csv,
				dryRun: false,
				databaseUrl: db.url,
				out: { write: () => true } as unknown as NodeJS.WritableStream,
				progress: false,
			}),
		).toBe(0);
		sender = new TeamsActivitySender({
			messagesUrl: `${runtime.url}/api/messages`,
			appId,
			signer: connector.signer,
		});
		ctx = { serviceUrl: connector.serviceUrl, tenantId, appId };
	});
	afterAll(async () => {
		await runtime?.deliveries.queue
			.obliterate({ force: true })
			.catch(() => undefined);
		await runtime?.stop();
		if (runtime) {
			const redis = new Redis(runtime.redisUrl);
			const keys = await redis.keys(`${runtime.redisPrefix}:*`);
			if (keys.length > 0) await redis.del(...keys);
			redis.disconnect();
		}
		await connector?.close();
		await db?.drop();
		await rm(dataDir, { recursive: true, force: true });
	});

	/** Texts of the messages the bot sent into Ada's own chat, as she reads them (card texts and summary). */
	const toAda = () =>
		connector
			.delivered("send")
			.filter((c) => c.conversationId === personalConversationId(ada.id))
			.map((c) => JSON.stringify(c.body));

	it("tells the admin in her Teams chat, in Teams' words, that the results wait for her", async () => {
		const closes = new Date(openedAt.getTime() + 14 * day)
			.toISOString()
			.slice(0, 10);
		const started = await sender.post(
			personalMessage(
				ctx,
				ada,
				`census start name="Close census" closes=${closes} channel=${leadership}`,
			),
		);
		expect(started.status).toBe(200);
		const campaign = await runtime.service.currentCampaign();
		expect(campaign?.startedBy).toBe(ada.aadObjectId);
		const before = toAda().length;
		now = new Date(openedAt.getTime() + 16 * day);
		const deadline = Date.now() + 30_000;
		while ((await runtime.service.listCampaigns(1))[0]?.status !== "closed") {
			if (Date.now() > deadline)
				throw new Error("Timed out waiting for the automatic close");
			await new Promise((r) => setTimeout(r, 100));
		}
		const notice = await waitFor(
			() =>
				toAda()
					.slice(before)
					.find((m) => /closed as planned/.test(m)),
			15_000,
			"the admin's notice in Teams",
		);
		expect(notice).toContain("**Close census** closed as planned");
		expect(notice).toContain("run `census results` to check the preview");
		expect(notice).not.toContain("/census");
		// The outbox row settles just after the message arrived.
		const notices = () =>
			runtime.prisma.$queryRawUnsafe<
				{ kind: string; state: string; recipient: string }[]
			>(
				"select kind, state, recipient from delivery where campaign_id = $1::uuid and kind = 'notice'",
				campaign?.id,
			);
		const settleBy = Date.now() + 10_000;
		while ((await notices())[0]?.state === "sending" && Date.now() < settleBy)
			await new Promise((r) => setTimeout(r, 50));
		expect(await notices()).toEqual([
			{ kind: "notice", state: "sent", recipient: ada.aadObjectId },
		]);
		expect(logs.join("\n")).not.toContain("not_a_teams_channel");
	});
});
