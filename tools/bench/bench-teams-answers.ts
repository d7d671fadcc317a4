import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Activity } from "botbuilder";
import pg from "pg";
import { text } from "../../src/chat/messages.js";
import { verbs } from "../../src/chat/teams/cards/adaptive-card.js";
import { personalConversationOf } from "../../src/chat/teams/conversation-place.js";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import { teamsUserOf } from "../../src/demo/teams-drive-parts.js";
import { CensusService } from "../../src/domain/campaigns/census-service.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { FakeBotConnector } from "../../src/sim/fake-bot-connector.js";
import {
	cardAction,
	type TeamsActivityJson,
} from "../../src/sim/teams-activities.js";
import { CensusRepository } from "../../src/storage/census-repository.js";
import {
	createPrismaClient,
	type PrismaClient,
	pgPoolOf,
} from "../../src/storage/prisma-client.js";
import { TeamsConversationRepository } from "../../src/storage/teams-conversation-repository.js";
import {
	databaseTransactions,
	transactionsOnceAlone,
	transactionsPer,
} from "./database-transactions.js";
import { dropRedisPrefix } from "./drop-redis-prefix.js";
import { KeepAlivePoster } from "./keep-alive-poster.js";
import {
	type LatencySummary,
	p99BySecond,
	summariseLatencies,
} from "./latency-summary.js";
import { cpuUsPer, processCpuMs } from "./process-cpu.js";
import { rampSchedule } from "./ramp-schedule.js";
import { rampSummary, sendOpenLoop } from "./send-open-loop.js";
import { startedPort } from "./started-port.js";
import { stopProcess } from "./stop-process.js";

/** What the Teams answer bench measured. */
export type TeamsAnswers = {
	submissions: number;
	seconds: number;
	perSecond: number;
	/** From posting the signed invoke to reading the card that replaces the question card. */
	invokeMs: LatencySummary;
	/** The invoke's p99 among those sent in each second of the run. */
	p99MsBySecond: number[];
	/** The invokes sent while the rate climbed to `rate` (before `submissions`), and their times. */
	ramp: { sends: number; seconds: number; p99Ms: number; maxMs: number };
	/** Answers recorded (the ramp's included), and the rest. */
	recorded: number;
	errors: number;
	ballotsStored: number;
	/** CPU time the app process spent per invoke over the run (user + system, µs): load-independent. */
	appCpuUsPerAnswer: number;
	/** Database transactions (statements outside one count one each) per invoke, the app's background work included. */
	dbTransactionsPerAnswer: number;
};

/**
 * Puts `people` on the roster (Teams ids only), starts a census over them and marks everyone invited, as if the
 * invitations had gone out: this bench measures answers alone. Returns the campaign's id.
 */
async function openCampaignFor(
	prisma: PrismaClient,
	people: readonly SyntheticEmployee[],
	custody: ReturnType<typeof ephemeralCustody>,
): Promise<string> {
	await prisma.$executeRawUnsafe(
		`insert into employee (id, email, department, grade, teams_user_id, updated_at)
		 select gen_random_uuid(), e, d, g, t, now()
		 from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as x(e, d, g, t)`,
		people.map((p) => p.email),
		people.map((p) => p.department),
		people.map((p) => p.grade),
		people.map((p) => p.teamsUserId),
	);
	const service = new CensusService(
		new CensusRepository(prisma, {
			batchSize: 20_000,
			concurrency: 2,
			staleAfterMs: 300_000,
			platforms: ["teams"],
		}),
		{ now: () => new Date() },
		custody.serving,
	);
	const started = await service.start(
		{
			name: "Teams answer bench",
			closesOn: "2099-01-01",
			channel: "19:bench@thread.tacv2",
			targetRate: 70,
			questions: ["key"],
		},
		"bench",
	);
	if (!started.ok) throw new Error("the bench campaign did not start");
	// Invited, as if the invitations had gone out: this bench measures answers alone.
	await prisma.$executeRawUnsafe(
		"update invitation set status = 'invited' where campaign_id = $1::uuid",
		started.campaign.id,
	);
	return started.campaign.id;
}

/**
 * Captures each sender's personal chat as the app's install (its conversationUpdate) or the invitation's delivery
 * leaves it, through the app's own repository: an answer comes after an invitation, so its chat is known. Without
 * this every answer was a first contact and wrote a capture too, which no real census morning does.
 */
async function captureChats(
	pool: pg.Pool,
	activities: readonly TeamsActivityJson[],
): Promise<void> {
	const repository = new TeamsConversationRepository(pool);
	const left = [...activities];
	await Promise.all(
		Array.from({ length: 4 }, async () => {
			for (let a = left.pop(); a; a = left.pop()) {
				const chat = personalConversationOf(a as unknown as Activity);
				if (!chat) throw new Error("a bench activity names no personal chat");
				await repository.save(chat);
			}
		}),
	);
}

/** The compiled app as a Teams web process of its own, against the fake Bot Connector. */
function spawnTeamsWeb(
	opts: { databaseUrl: string; shuffleSize: number; nodeArgs?: string[] },
	connector: FakeBotConnector,
	app: {
		appId: string;
		tenantId: string;
		sealingSecret: string;
		dataDir: string;
		redisPrefix: string;
	},
): ChildProcess {
	return spawn(
		process.execPath,
		[...(opts.nodeArgs ?? []), "dist/main.js", "--role=web"],
		{
			env: {
				DATABASE_URL: opts.databaseUrl,
				REDIS_URL: "redis://127.0.0.1:6379",
				CENSUS_REDIS_PREFIX: app.redisPrefix,
				TEAMS_APP_ID: app.appId,
				TEAMS_APP_PASSWORD: "unused",
				TEAMS_TENANT_ID: app.tenantId,
				TEAMS_OPENID_METADATA_URL: connector.openIdMetadataUrl,
				TEAMS_SERVICE_URL: connector.serviceUrl,
				CENSUS_SEALING_SECRET: app.sealingSecret,
				CENSUS_DATA_DIR: app.dataDir,
				CENSUS_SHUFFLE_SIZE: String(opts.shuffleSize),
				PORT: "0",
				LOG_LEVEL: "info",
			},
			stdio: ["ignore", "pipe", "pipe"],
		},
	);
}

/**
 * Bench f: `rate` answer-card submissions per second for `seconds` (the Send button's `adaptiveCard/action`
 * invoke, with a channel token the app validates), open loop, each from a different invited person on Teams,
 * against the app running as `npm start --role=web` in a process of its own, so that the generator and the fake
 * Bot Connector (which serves the signing keys) do not share its event loop.
 */
export async function benchTeamsAnswers(opts: {
	databaseUrl: string;
	rate: number;
	seconds: number;
	/** The rate climbs from 0 over this long first (see `rampSchedule`); those invokes are measured apart. */
	rampSeconds: number;
	shuffleSize: number;
	/** Extra node options for the app process (e.g. --cpu-prof). */
	nodeArgs?: string[];
}): Promise<TeamsAnswers> {
	const connector = await FakeBotConnector.start();
	const appId = "00000000-0000-4000-8000-00000000be7d";
	const tenantId = "00000000-0000-4000-8000-0000000070bd";
	const count = Math.round(opts.rate * opts.seconds);
	const rampSends = rampSchedule(opts.rate, opts.rampSeconds).rampSends;
	const custody = ephemeralCustody();
	const dataDir = await mkdtemp(path.join(os.tmpdir(), "census-bench-f-"));
	const redisPrefix = `census-bench-${randomBytes(4).toString("hex")}`;
	const prisma = createPrismaClient(opts.databaseUrl, 5);
	const people = generateOrganisation(rampSends + count, 29, "teams");
	const campaignId = await openCampaignFor(prisma, people, custody);
	const app = spawnTeamsWeb(opts, connector, {
		appId,
		tenantId,
		sealingSecret: custody.sealingSecret,
		redisPrefix,
		dataDir,
	});
	let stats: pg.Client | undefined;
	let log = "";
	app.stdout?.on("data", (b: Buffer) => {
		log += b.toString();
	});
	app.stderr?.on("data", (b: Buffer) => {
		log += b.toString();
	});
	try {
		const port = await startedPort(app, () => log);
		const poster = new KeepAlivePoster(`http://127.0.0.1:${port}/api/messages`);
		const ctx = { serviceUrl: connector.serviceUrl, tenantId, appId };
		// One channel token for the run, as the Bot Connector reuses its token: the app validates every request.
		const authorization = `Bearer ${connector.signer.channelToken({ appId, serviceUrl: connector.serviceUrl })}`;
		const bodies = people.map((p) =>
			cardAction(ctx, teamsUserOf(p), {
				verb: verbs.submit,
				data: {
					campaignId,
					q_key: p.answers.key ?? "occ_pnts",
				},
			}),
		);
		await captureChats(pgPoolOf(prisma), bodies);
		const thanks = JSON.stringify(text.thanks).slice(1, -1);
		// A connection of its own, apart from the pool (the reading waits for every other one to close).
		stats = new pg.Client({ connectionString: opts.databaseUrl });
		await stats.connect();
		const xactsBefore = await databaseTransactions(stats);
		const cpuBefore = processCpuMs(app.pid);
		// Each body is serialised before the first is sent: the run measures the app, not the generator.
		const headers = {
			"content-type": "application/json",
			authorization,
		};
		const serialised = bodies.map((b) => JSON.stringify(b));
		const run = await sendOpenLoop(
			opts.rate,
			opts.rampSeconds,
			serialised.length,
			async (i) => {
				const res = await poster.post(serialised[i] ?? "", headers);
				return res.status === 200 && res.body.includes(thanks);
			},
		);
		poster.close();
		const sent = serialised.length;
		const appCpuUsPerAnswer = cpuUsPer(cpuBefore, processCpuMs(app.pid), sent);
		const stored = await prisma.$queryRawUnsafe<{ n: number }[]>(
			"select count(*)::int as n from sealed_ballot",
		);
		// Connections publish their counts as they close: with the app stopped and the pool closed, the count is
		// complete at once.
		await stopProcess(app);
		await dropRedisPrefix("redis://127.0.0.1:6379", redisPrefix);
		await prisma.$disconnect();
		const dbTransactionsPerAnswer = transactionsPer(
			xactsBefore,
			await transactionsOnceAlone(stats),
			sent,
		);
		return {
			submissions: count,
			seconds: +run.seconds.toFixed(3),
			perSecond: Math.round(count / run.seconds),
			invokeMs: summariseLatencies(run.latencies),
			p99MsBySecond: p99BySecond(run.timeline),
			ramp: rampSummary(run, opts.rampSeconds),
			recorded: run.recorded,
			errors: run.errors,
			appCpuUsPerAnswer,
			dbTransactionsPerAnswer,
			ballotsStored: stored[0]?.n ?? -1,
		};
	} finally {
		await stopProcess(app);
		await stats?.end();
		await prisma.$disconnect();
		await connector.close();
		await rm(dataDir, { recursive: true, force: true });
	}
}
