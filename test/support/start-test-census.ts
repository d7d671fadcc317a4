import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { AnswerAdmission } from "../../src/chat/answer-admission.js";
import { runRosterImport } from "../../src/cli/roster-import.js";
import { loadConfig } from "../../src/config.js";
import {
	rosterCsv,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import type { Platform } from "../../src/domain/deliveries/platform.js";
import type { Clock } from "../../src/domain/ports.js";
import {
	type EphemeralCustody,
	ephemeralCustody,
} from "../../src/keys/ephemeral-custody.js";
import { createLogger } from "../../src/logger.js";
import { renderChartPng } from "../../src/reports/render-chart-png.js";
import { FakeBotConnector } from "../../src/sim/fake-bot-connector.js";
import { FakeSlackApi } from "../../src/sim/fake-slack-api.js";
import { SlackUserSimulator } from "../../src/sim/slack-user-simulator.js";
import {
	type CensusRuntime,
	type Role,
	startCensus,
} from "../../src/start-census.js";
import type { FakeGraphUser } from "../fakes/fake-graph-types.js";
import { FakeMicrosoftGraph } from "../fakes/fake-microsoft-graph.js";
import {
	createTestDatabase,
	dropTestRedisPrefix,
	type TestDatabase,
	testRedisPrefix,
	testRedisUrl,
} from "./test-database.js";

/** The Slack side of a test census: the fake workspace and people who use it. */
type SlackParts = {
	fake: FakeSlackApi;
	sim: SlackUserSimulator;
	signingSecret: string;
};

/**
 * A census bot on its own database and Redis prefix, talking to a fake Slack and/or a fake Bot Connector (`P`, the
 * platforms it runs on: Slack unless told), plus a log capture.
 */
export type TestCensus<P extends Platform = "slack"> = TestCensusParts &
	("slack" extends P ? SlackParts : Record<never, never>) &
	("teams" extends P ? { connector: FakeBotConnector } : Record<never, never>);

type TestCensusParts = {
	runtime: CensusRuntime;
	/** The sealing secret: tests use it as ground truth only, never as the attacker. */
	sealingSecret: string;
	/** The tally key the test census holds (ground truth, or the attacker's prize in a custody test). */
	custody: EphemeralCustody;
	db: TestDatabase;
	logs: string[];
	/** The fake Bot Connector, when the census runs on Teams (always there in a `TestCensus<"teams">`). */
	connector: FakeBotConnector | undefined;
	/** The fake Microsoft Graph, when Teams people are reached through it. */
	graph: FakeMicrosoftGraph | undefined;
	stop(): Promise<void>;
};

/** The Teams app the test census runs as (authenticated mode, against the fake Bot Connector). */
export const testTeamsApp = {
	appId: "00000000-0000-4000-8000-00000000a0e5",
	tenantId: "00000000-0000-4000-8000-0000000070e5",
	outboundToken: "teams-outbound-test",
	/** The app's id in the fake tenant's app catalogue. */
	catalogAppId: "00000000-0000-4000-8000-0000000ca7a1",
} as const;

/** The app password the fake Graph's token endpoint accepts. */
export const testGraphSecret = "graph-test-secret";

/** Imports people into the test census's roster through the real roster import. */
export function importPeople(
	t: Pick<TestCensusParts, "db">,
	people: readonly SyntheticEmployee[],
): Promise<number> {
	return importRosterCsv(t, rosterCsv(people));
}

/** Imports a roster file with this text (header included) through the real roster import; its exit code. */
export async function importRosterCsv(
	t: Pick<TestCensusParts, "db">,
	text: string,
): Promise<number> {
	const csv = path.join(
		os.tmpdir(),
		`census-roster-${t.db.name}-${randomBytes(4).toString("hex")}.csv`,
	);
	await writeFile(csv, text);
	const sink = { write: () => true } as unknown as NodeJS.WritableStream;
	try {
		return await runRosterImport({
			file: csv,
			dryRun: false,
			databaseUrl: t.db.url,
			out: sink,
			progress: false,
		});
	} finally {
		await rm(csv, { force: true });
	}
}

/**
 * Starts the app the way `npm start` does (every role unless told), against real PostgreSQL and Redis, on the
 * given platforms (default: Slack, and Teams too when `teams` limits are given), each against its fake.
 */
export async function startTestCensus<P extends Platform = "slack">(opts: {
	admins: string[];
	label: string;
	/** The platforms the census runs on, each against its fake. */
	platforms?: readonly P[];
	/** The process's roles (default: web, worker and tally, as `npm start`). */
	roles?: Role[];
	/** The app's send limit (default 1000/s). */
	messagesPerSecond?: number;
	/** The fake workspace's own limit on `chat.postMessage` (429 beyond it). */
	fakeRateLimitPerSecond?: number;
	/** The app's clock (default: the real one). */
	clock?: Clock;
	/** How often the campaign clock ticks and the outbox is swept. */
	tickMs?: number;
	/** How long a looked-up Do Not Disturb state is trusted. */
	dndTtlMs?: number;
	/** Default working hours (default: any hour, any day). */
	workingHours?: string;
	/** The app reaches PostgreSQL through this local port (a proxy the test can cut) instead of 5432. */
	databasePort?: number;
	/** The app's load shedding for answers (default: the default limits). */
	answerAdmission?: AnswerAdmission;
	/** The languages employees may be written to, as `CENSUS_LANGUAGES` says (default: English (UK) only). */
	languages?: string;
	/** Also run on Teams, against a fake Bot Connector with these limits (implies Teams). */
	teams?: {
		/** The app's Teams send limit (default 1000/s). */
		messagesPerSecond?: number;
		/** The fake tenant's own limit (429 with Retry-After beyond it). */
		fakeRateLimitPerSecond?: number;
		/** Only people with the app installed can be written to (403 on creating a chat with anyone else). */
		onlyInstalled?: boolean;
		/** Also reach Teams people through a fake Microsoft Graph with this directory (installs the app). */
		graph?: { users: FakeGraphUser[]; teamsPerSecond?: number };
	};
}): Promise<TestCensus<P>> {
	const platforms: readonly Platform[] =
		opts.platforms ?? (opts.teams ? ["slack", "teams"] : ["slack"]);
	const db = await createTestDatabase(opts.label);
	const fake = platforms.includes("slack")
		? await FakeSlackApi.start({
				botToken: "xoxb-test",
				...(opts.fakeRateLimitPerSecond
					? { rateLimitPerSecond: opts.fakeRateLimitPerSecond }
					: {}),
			})
		: undefined;
	const graph = opts.teams?.graph
		? await FakeMicrosoftGraph.start({
				tenantId: testTeamsApp.tenantId,
				clientId: testTeamsApp.appId,
				clientSecret: testGraphSecret,
				catalogAppId: testTeamsApp.catalogAppId,
				users: opts.teams.graph.users,
				...(opts.teams.graph.teamsPerSecond
					? { teamsPerSecond: opts.teams.graph.teamsPerSecond }
					: {}),
			})
		: undefined;
	const connector = platforms.includes("teams")
		? await FakeBotConnector.start({
				acceptToken: testTeamsApp.outboundToken,
				...(graph
					? { installedFor: (id: string) => graph.tenant.hasApp(id) }
					: opts.teams?.onlyInstalled
						? { installedFor: () => false }
						: {}),
				...(opts.teams?.fakeRateLimitPerSecond
					? { rateLimitPerSecond: opts.teams.fakeRateLimitPerSecond }
					: {}),
			})
		: undefined;
	const signingSecret = randomBytes(16).toString("hex");
	const custody = ephemeralCustody();
	const sealingSecret = custody.sealingSecret;
	const logs: string[] = [];
	const dataDir = await mkdtemp(path.join(os.tmpdir(), "census-test-"));
	const base = loadConfig({
		REDIS_URL: testRedisUrl,
		CENSUS_DATA_DIR: dataDir,
		...(opts.languages ? { CENSUS_LANGUAGES: opts.languages } : {}),
	});
	const runtime = await startCensus(
		{
			...base,
			port: 0,
			databaseUrl: opts.databasePort
				? db.url.replace(":5432/", `:${opts.databasePort}/`)
				: db.url,
			slack: fake
				? {
						botToken: "xoxb-test",
						signingSecret,
						appToken: undefined,
						apiUrl: fake.apiUrl,
						messagesPerSecond: opts.messagesPerSecond ?? 1000,
					}
				: undefined,
			teams: connector
				? {
						mode: "authenticated",
						appId: testTeamsApp.appId,
						appPassword: testGraphSecret,
						tenantId: testTeamsApp.tenantId,
						openIdMetadataUrl: connector.openIdMetadataUrl,
						serviceUrl: connector.serviceUrl,
						messagesPerSecond: opts.teams?.messagesPerSecond ?? 1000,
					}
				: undefined,
			graph: graph
				? {
						tenantId: testTeamsApp.tenantId,
						clientId: testTeamsApp.appId,
						clientSecret: testGraphSecret,
						catalogAppId: testTeamsApp.catalogAppId,
						apiUrl: graph.apiUrl,
						loginUrl: graph.loginUrl,
						teamsPerSecond: opts.teams?.graph?.teamsPerSecond ?? 30,
						directoryPerSecond: 300,
					}
				: undefined,
			admins: opts.admins.map((a) => a.toLowerCase()),
			sealingSecret,
			tallyKey: { inline: custody.tallyKeyText },
		},
		{
			roles: opts.roles ?? ["web", "worker", "tally"],
			host: "127.0.0.1",
			redisPrefix: testRedisPrefix(opts.label),
			logger: createLogger("debug", {
				write: (line: string) => void logs.push(line),
			}),
			renderChart: renderChartPng,
			// Any hour, any day: a test or demo run must not wait for someone's morning.
			settings: {
				...base.privacy,
				workingHours: opts.workingHours ?? "00:00-24:00,mon-sun",
			},
			...(opts.clock ? { clock: opts.clock } : {}),
			...(opts.tickMs ? { tickMs: opts.tickMs } : {}),
			...(opts.dndTtlMs ? { dndTtlMs: opts.dndTtlMs } : {}),
			...(opts.answerAdmission
				? { answerAdmission: opts.answerAdmission }
				: {}),
			...(connector
				? { teamsOutboundToken: async () => testTeamsApp.outboundToken }
				: {}),
		},
	);
	const slackParts: SlackParts | undefined = fake && {
		fake,
		sim: new SlackUserSimulator({ appUrl: runtime.url, signingSecret, fake }),
		signingSecret,
	};
	const census: TestCensusParts = {
		runtime,
		sealingSecret,
		custody,
		db,
		logs,
		connector,
		graph,
		async stop() {
			for (const q of [runtime.deliveries, runtime.teamsDeliveries])
				await q?.queue.obliterate({ force: true }).catch(() => undefined);
			await runtime.stop();
			await fake?.close();
			await connector?.close();
			await graph?.close();
			await dropTestRedisPrefix(runtime.redisPrefix);
			await db.drop();
		},
	};
	// The Slack parts are there exactly when Slack is one of `P`, which is what the type says.
	return { ...census, ...slackParts } as TestCensus<P>;
}
