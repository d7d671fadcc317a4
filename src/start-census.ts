import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { App } from "@slack/bolt";
import type { Worker } from "bullmq";
import { Redis } from "ioredis";
import { DndCache } from "./chat/slack/dnd-cache.js";
import { createSlackApp } from "./chat/slack/slack-app.js";
import { createSlackDeliveryChannel } from "./chat/slack/slack-delivery-channel.js";

import { createSlackDndLookup } from "./chat/slack/slack-dnd-lookup.js";
import { SlackWebApiPoster } from "./chat/slack/slack-web-api-poster.js";
import { startTeams, type TeamsEndpoint } from "./chat/teams/start-teams.js";
import type { OutboundTokenProvider } from "./chat/teams/teams-authentication.js";

import type { Config } from "./config.js";
import {
	CensusService,
	type CensusSettings,
} from "./domain/campaigns/census-service.js";
import { OutreachService } from "./domain/campaigns/outreach-service.js";
import type { Clock } from "./domain/ports.js";
import type { CampaignReport } from "./domain/reporting/campaign-report.js";
import { createHttpApp } from "./http/server.js";
import { DeliveryQueue } from "./jobs/delivery-queue.js";
import { startDeliveryWorker } from "./jobs/delivery-worker.js";
import { OutboxDispatcher } from "./jobs/outbox-dispatcher.js";
import { startScheduleWorker } from "./jobs/schedule-worker.js";
import { upcomingSlackUsers } from "./jobs/upcoming-slack-users.js";
import { createLogger, type Logger } from "./logger.js";
import { CensusRepository } from "./storage/census-repository.js";
import {
	type EmbeddedDatabase,
	startEmbeddedDatabase,
} from "./storage/embedded-database.js";
import { migrateWhenReachable } from "./storage/migrate-when-reachable.js";
import { OutboxRepository } from "./storage/outbox-repository.js";
import { createDatabase, type PrismaClient } from "./storage/prisma-client.js";
import { resolveRedis } from "./storage/redis-connection.js";
import { resolveSealingSecret } from "./storage/sealing-secret.js";
import { TeamsConversationRepository } from "./storage/teams-conversation-repository.js";
import { WaveRepository } from "./storage/wave-repository.js";

/** Process roles (DESIGN.md §4). */
export type Role = "web" | "worker";

/** Options the composition root takes besides the config. */
export type StartOptions = {
	roles: Role[];
	logger?: Logger;
	/** Redis key prefix; one per test run or deployment. */
	redisPrefix?: string;
	/** Interface to bind; defaults to all interfaces. */
	host?: string;
	/** Use an in-memory embedded database instead of one under the data folder. */
	ephemeralDatabase?: boolean;
	clock?: Clock;
	settings?: CensusSettings;
	renderChart?: (report: CampaignReport) => Buffer;
	/** How often the campaign clock ticks and the outbox is swept (default 30 s). */
	tickMs?: number;
	/** Tokens for calls to the Teams Bot Connector; default: the app password, through Microsoft Entra. */
	teamsOutboundToken?: OutboundTokenProvider;
	/** How long a person's Do Not Disturb state, once looked up, is trusted (default 5 minutes). */
	dndTtlMs?: number;
};

/** A running census bot. */
export type CensusRuntime = {
	url: string;
	databaseUrl: string;
	redisUrl: string;
	redisPrefix: string;
	prisma: PrismaClient;
	service: CensusService;
	store: CensusRepository;
	outbox: OutboxRepository;
	outreach: OutreachService;
	deliveries: DeliveryQueue;
	dispatcher: OutboxDispatcher;
	slack: App | undefined;
	/** The Teams endpoint, when Teams is configured and this process serves the web role. */
	teams: TeamsEndpoint | undefined;
	logger: Logger;
	stop(): Promise<void>;
};

/** Wires config → logger → database → Redis → domain → platforms → HTTP and workers. */
export async function startCensus(
	config: Config,
	opts: StartOptions,
): Promise<CensusRuntime> {
	const logger =
		opts.logger ??
		createLogger(
			config.production && config.logLevel === "debug"
				? "info"
				: config.logLevel,
		);
	const stops: (() => Promise<unknown>)[] = [];
	const stop = async () => {
		for (const s of stops.reverse()) await s().catch(() => undefined);
	};
	try {
		let embedded: EmbeddedDatabase | undefined;
		if (!config.databaseUrl) {
			embedded = await startEmbeddedDatabase(
				opts.ephemeralDatabase ? {} : { dataDir: `${config.dataDir}/pglite` },
			);
			stops.push(() => (embedded as EmbeddedDatabase).stop());
		}
		const databaseUrl =
			config.databaseUrl ?? (embedded as EmbeddedDatabase).url;
		const migrated = await migrateWhenReachable(databaseUrl, logger);
		logger.info({ applied: migrated.applied.length }, "database migrated");
		// PGlite serves one query at a time and mixes up unnamed prepared statements across
		// connections, so the embedded database gets a single pooled connection.
		const { prisma, pool } = createDatabase(databaseUrl, embedded ? 1 : 20);
		stops.push(() => prisma.$disconnect());

		const redis = await resolveRedis({
			redisUrl: config.redisUrl,
			dataDir: config.dataDir,
		});
		stops.push(() => redis.stop());
		const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
		connection.on("error", (err) =>
			logger.warn({ err }, "redis connection error"),
		);
		stops.push(async () => connection.disconnect());
		const redisPrefix = opts.redisPrefix ?? config.redisPrefix;

		const sealingSecret = await resolveSealingSecret(
			config.sealingSecret,
			config.dataDir,
			logger,
		);
		const store = new CensusRepository(prisma);
		const clock = opts.clock ?? { now: () => new Date() };
		const service = new CensusService(
			store,
			clock,
			sealingSecret,
			opts.settings ?? config.privacy,
		);
		const outbox = new OutboxRepository(pool);
		const outreach = new OutreachService(
			service,
			store,
			outbox,
			new WaveRepository(prisma),
			clock,
		);
		const deliveries = new DeliveryQueue(connection, redisPrefix);
		stops.push(() => deliveries.close());
		const dispatcher = new OutboxDispatcher(
			outbox,
			deliveries,
			connection,
			redisPrefix,
			logger,
			clock,
		);

		const http = createHttpApp([
			{
				name: "database",
				check: async () => void (await prisma.$queryRawUnsafe("select 1")),
			},
			{ name: "redis", check: async () => void (await connection.ping()) },
		]);
		let slack: App | undefined;
		if (config.slack && opts.roles.includes("web")) {
			slack = createSlackApp(
				config.slack,
				{
					service,
					store,
					outreach,
					outbox,
					dispatch: () => dispatcher.pump(),
					admins: config.admins,
					logger,
					...(opts.renderChart ? { renderChart: opts.renderChart } : {}),
				},
				http,
				logger,
			);
			if (config.slack.appToken) {
				await slack.start();
				stops.push(() => (slack as App).stop());
			}
		}
		let teams: TeamsEndpoint | undefined;
		if (config.teams && opts.roles.includes("web")) {
			teams = await startTeams(
				config.teams,
				{
					conversations: new TeamsConversationRepository(prisma),
					logger,
					service,
					store,
					...(opts.teamsOutboundToken
						? { outboundToken: opts.teamsOutboundToken }
						: {}),
				},
				http,
			);
			stops.push(() => (teams as TeamsEndpoint).stop());
		}
		let worker: Worker | undefined;
		if (config.slack && opts.roles.includes("worker")) {
			const poster = new SlackWebApiPoster(
				config.slack.botToken,
				config.slack.apiUrl,
			);
			stops.push(async () => poster.close());
			worker = startDeliveryWorker({
				connection: connection.duplicate(),
				prefix: redisPrefix,
				outbox,
				channel: createSlackDeliveryChannel({
					post: (method, json) => poster.post(method, json),
					store,
					dnd: new DndCache(
						// A lookup gets 5 s: Do Not Disturb must never hold up the census for long.
						createSlackDndLookup((method, fields) =>
							poster.postForm(method, fields, 5000),
						),
						logger,
						{
							upcoming: upcomingSlackUsers(deliveries, outbox),
							...(opts.dndTtlMs ? { ttlMs: opts.dndTtlMs } : {}),
						},
					),
					clock,
				}),
				clock,
				logger,
				perSecond: config.slack.messagesPerSecond,
			});
			stops.push(() => (worker as Worker).close());
		}
		if (opts.roles.includes("worker")) {
			// Storage limitation: reduce expired participation ledgers now and then hourly.
			const purge = () =>
				service
					.purgeExpiredLedgers()
					.then(
						(count) =>
							count > 0 &&
							logger.info({ count }, "participation ledgers reduced to counts"),
					)
					.catch((err: unknown) =>
						logger.error({ err: err as Error }, "ledger purge failed"),
					);
			await purge();
			const timer = setInterval(purge, 3_600_000);
			timer.unref();
			stops.push(async () => clearInterval(timer));

			// The campaign clock (reminder waves, progress posts, automatic close) and the outbox sweep. Both are
			// rebuilt from PostgreSQL: at start-up, and whenever Redis has lost them.
			const tickMs = opts.tickMs ?? 30_000;
			const schedule = startScheduleWorker({
				connection,
				prefix: redisPrefix,
				logger,
				everyMs: tickMs,
				tick: async () => {
					const due = await outreach.runDue();
					if (due.waves > 0 || due.closed.length > 0)
						logger.info(
							{ waves: due.waves, closed: due.closed.length },
							"scheduled campaign work done",
						);
					await dispatcher.pump();
				},
			});
			stops.push(() => schedule.close());
			const sweep = async () => {
				try {
					await schedule.ensure();
					await dispatcher.sweep();
				} catch (err) {
					logger.warn({ err: err as Error }, "outbox sweep failed; will retry");
				}
			};
			await sweep();
			const sweeper = setInterval(sweep, tickMs);
			sweeper.unref();
			stops.push(async () => clearInterval(sweeper));
		}
		const server = await new Promise<Server>((resolve, reject) => {
			const s = http.listen(config.port, opts.host ?? "0.0.0.0", () =>
				resolve(s),
			);
			s.once("error", reject);
		});
		stops.push(() => new Promise((r) => server.close(r)));
		const port = (server.address() as AddressInfo).port;
		logger.info({ port, role: opts.roles.join(",") }, "census-bot started");
		return {
			url: `http://127.0.0.1:${port}`,
			databaseUrl,
			redisUrl: redis.url,
			redisPrefix,
			prisma,
			service,
			store,
			outbox,
			outreach,
			deliveries,
			dispatcher,
			slack,
			teams,
			logger,
			stop,
		};
	} catch (err) {
		await stop();
		throw err;
	}
}
