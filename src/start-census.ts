import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { App } from "@slack/bolt";
import type { Worker } from "bullmq";
import { Redis } from "ioredis";
import { AdminEmailResolver } from "./chat/admin/admin-email-resolver.js";
import type { PostReport } from "./chat/admin/publish-report.js";
import { AnswerAdmission } from "./chat/answer-admission.js";
import { createReachCheck } from "./chat/reach-check.js";
import { reachDirectories } from "./chat/reach-directories.js";
import { DndCache } from "./chat/slack/dnd-cache.js";
import { postReport as postSlackReport } from "./chat/slack/post-report.js";
import { createSlackApp } from "./chat/slack/slack-app.js";
import { createSlackDeliveryChannel } from "./chat/slack/slack-delivery-channel.js";
import { SlackDirectory } from "./chat/slack/slack-directory.js";
import { createSlackDndLookup } from "./chat/slack/slack-dnd-lookup.js";
import { SlackWebApiPoster } from "./chat/slack/slack-web-api-poster.js";
import { teamsReportPoster } from "./chat/teams/post-teams-report.js";
import { startTeams, type TeamsEndpoint } from "./chat/teams/start-teams.js";
import {
	createTeamsAuthentication,
	type OutboundTokenProvider,
} from "./chat/teams/teams-authentication.js";
import { createTeamsConnectors } from "./chat/teams/teams-connector.js";
import { createTeamsDeliveryChannel } from "./chat/teams/teams-delivery-channel.js";
import { teamsOutreachActivity } from "./chat/teams/teams-outreach-activity.js";
import type { Config } from "./config.js";
import { configuredPlatforms } from "./configured-platforms.js";
import { CampaignCloser } from "./domain/campaigns/campaign-closer.js";
import {
	CensusService,
	type CensusSettings,
} from "./domain/campaigns/census-service.js";
import { OutreachService } from "./domain/campaigns/outreach-service.js";
import { deliveryStall } from "./domain/deliveries/delivery-stall.js";
import type { RoutableDelivery } from "./domain/deliveries/outbox-store.js";
import { isTeamsChannel, routeDelivery } from "./domain/deliveries/platform.js";
import type { Clock } from "./domain/ports.js";
import type { CampaignReport } from "./domain/reporting/campaign-report.js";
import { createHttpApp } from "./http/server.js";
import { closeThroughTally } from "./jobs/close-through-tally.js";
import { DeliveryQueue } from "./jobs/delivery-queue.js";
import { sendPacerKey, startDeliveryWorker } from "./jobs/delivery-worker.js";
import { deliveryQueueName } from "./jobs/job-definitions.js";
import { OutboxDispatcher } from "./jobs/outbox-dispatcher.js";
import { OutboxReconciler } from "./jobs/outbox-reconciler.js";
import {
	defaultRecoveryTimings,
	type RecoveryTimings,
	stallAfterMs,
} from "./jobs/recovery-timings.js";
import { startScheduleWorker } from "./jobs/schedule-worker.js";
import { SendPacer } from "./jobs/send-pacer.js";
import { TallyQueue } from "./jobs/tally-queue.js";
import { startTallyWorker } from "./jobs/tally-worker.js";
import { upcomingSlackUsers } from "./jobs/upcoming-slack-users.js";
import { LocalKeyUnwrapper } from "./keys/local-key-unwrapper.js";
import { RegisteredKeyWrapper } from "./keys/registered-key-wrapper.js";
import { resolveKeys } from "./keys/resolve-keys.js";
import type { TallyKeySet } from "./keys/tally-key-set.js";
import { createLogger, type Logger } from "./logger.js";
import type { ChartSize } from "./reports/render-chart-png.js";
import { defaultOpeningOptions } from "./storage/campaign-opening.js";
import { CensusRepository } from "./storage/census-repository.js";
import {
	type EmbeddedDatabase,
	startEmbeddedDatabase,
} from "./storage/embedded-database.js";
import { migrateWhenReachable } from "./storage/migrate-when-reachable.js";
import { OutboxRepository } from "./storage/outbox-repository.js";
import { createDatabase, type PrismaClient } from "./storage/prisma-client.js";
import { ReachRepository } from "./storage/reach-repository.js";
import { resolveRedis } from "./storage/redis-connection.js";
import { TallyKeyRegistry } from "./storage/tally-key-registry.js";
import { TeamsConversationRepository } from "./storage/teams-conversation-repository.js";
import { WaveRepository } from "./storage/wave-repository.js";

/** Process roles (DESIGN.md §4): only `tally` holds the tally key and can open ballots. */
export type Role = "web" | "worker" | "tally";

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
	renderChart?: (report: CampaignReport, size?: ChartSize) => Buffer;
	/** How often the campaign clock ticks and the outbox is swept (default 30 s). */
	tickMs?: number;
	/** Tokens for calls to the Teams Bot Connector; default: the app password, through Microsoft Entra. */
	teamsOutboundToken?: OutboundTokenProvider;
	/** How long a person's Do Not Disturb state, once looked up, is trusted (default 5 minutes). */
	dndTtlMs?: number;
	/** How long an admin's close waits for the tally process before saying so (default 2 minutes). */
	closeWaitMs?: number;
	/** Load shedding for answers on every platform of this process (default: the default limits). */
	answerAdmission?: AnswerAdmission;
	/** How fast deliveries held by a dead process are recovered (default `defaultRecoveryTimings`). */
	recovery?: RecoveryTimings;
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
	/** Slack's delivery queue (also where rows wait when no platform is configured). */
	deliveries: DeliveryQueue;
	/** Teams' delivery queue, when Teams is configured. */
	teamsDeliveries: DeliveryQueue | undefined;
	dispatcher: OutboxDispatcher;
	/** Where closes are handed to the tally process. */
	tallyQueue: TallyQueue;
	/** The closer, only in a process with the tally role. */
	closer: CampaignCloser | undefined;
	slack: App | undefined;
	/** The Teams endpoint, when Teams is configured and this process serves the web role. */
	teams: TeamsEndpoint | undefined;
	logger: Logger;
	stop(): Promise<void>;
};

export { configuredPlatforms } from "./configured-platforms.js";

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
			// A configured Redis still starting (a host reboot, a pod scheduled first) gets a minute.
			waitForMs: 60_000,
			logger,
		});
		stops.push(() => redis.stop());
		const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
		connection.on("error", (err) =>
			logger.warn({ err }, "redis connection error"),
		);
		stops.push(async () => connection.disconnect());
		const redisPrefix = opts.redisPrefix ?? config.redisPrefix;

		const keys = await resolveKeys(
			config,
			opts.roles.includes("tally"),
			logger,
		);
		const tallyKeyRegistry = new TallyKeyRegistry(prisma);
		const store = new CensusRepository(prisma, {
			...defaultOpeningOptions,
			platforms: configuredPlatforms(config),
		});
		const clock = opts.clock ?? { now: () => new Date() };
		const service = new CensusService(
			store,
			clock,
			{
				sealingSecret: keys.sealingSecret,
				wrapper: new RegisteredKeyWrapper(tallyKeyRegistry),
			},
			opts.settings ?? config.privacy,
		);
		const outbox = new OutboxRepository(pool);
		const checkReach = createReachCheck({
			roster: new ReachRepository(prisma),
			platforms: configuredPlatforms(config),
			directories: reachDirectories(config, logger),
			logger,
		});
		const outreach = new OutreachService(
			service,
			store,
			outbox,
			new WaveRepository(prisma, configuredPlatforms(config)),
			clock,
		);
		// One queue per platform, each with its own rate limit; Slack's is there even with nothing configured, so
		// rows wait in it until a worker for them runs.
		const platforms = configuredPlatforms(config);
		const deliveries = new DeliveryQueue(connection, redisPrefix);
		stops.push(() => deliveries.close());
		const teamsDeliveries = config.teams
			? new DeliveryQueue(connection, redisPrefix, deliveryQueueName("teams"))
			: undefined;
		if (teamsDeliveries) stops.push(() => teamsDeliveries.close());
		const route = (d: RoutableDelivery) =>
			routeDelivery(d, platforms) === "teams" && teamsDeliveries
				? teamsDeliveries
				: deliveries;
		const recovery = opts.recovery ?? defaultRecoveryTimings;
		const dispatcher = new OutboxDispatcher(
			outbox,
			route,
			connection,
			redisPrefix,
			logger,
			clock,
		);

		const tallyQueue = new TallyQueue(connection, redisPrefix);
		stops.push(() => tallyQueue.close());
		const closeCensus = () =>
			closeThroughTally({
				service,
				store,
				tally: tallyQueue,
				waitMs: opts.closeWaitMs ?? 120_000,
			});
		let closer: CampaignCloser | undefined;
		if (keys.tallyKeys) {
			closer = await startTallyRole({
				tallyKeys: keys.tallyKeys,
				sealingSecret: keys.sealingSecret,
				registry: tallyKeyRegistry,
				store,
				clock,
			});
			logger.info(
				{ count: keys.tallyKeys.length, role: "tally" },
				"tally keys checked against every campaign not yet closed",
			);
			const tallyWorker = startTallyWorker({
				connection,
				prefix: redisPrefix,
				closer,
				outbox,
				// A tally process of its own may not be configured for the platforms: the worker's sweep routes
				// the notice. In one process with the worker, it goes now.
				dispatch: opts.roles.includes("worker")
					? () => dispatcher.pump()
					: async () => undefined,
				clock,
				logger,
			});
			stops.push(() => tallyWorker.close());
			// A close cut short (the tally process died mid-way) is finished now, not left in `closing`.
			const unfinished = await store.findOpenCampaign();
			if (unfinished?.status === "closing") {
				await tallyQueue.requestClose({
					campaignId: unfinished.id,
					scheduled: false,
				});
				logger.warn(
					{ campaignId: unfinished.id, event: "close-resumed" },
					"a campaign was left closing: its close runs again",
				);
			}
		}

		const http = createHttpApp(
			[
				{
					name: "database",
					check: async () => void (await prisma.$queryRawUnsafe("select 1")),
				},
				{ name: "redis", check: async () => void (await connection.ping()) },
			],
			[
				{
					// Operators see a stall here: how many deliveries are due, how long the oldest has waited, and how
					// long since any settled.
					name: "deliveries",
					read: async () => {
						const p = await outbox.pendingDeliveries();
						const now = new Date();
						const ago = (d: Date | null) =>
							d ? Math.round((now.getTime() - d.getTime()) / 1000) : null;
						return {
							due: p.due,
							oldestDueSeconds: ago(p.oldestDueAt),
							lastSettledSecondsAgo: ago(p.lastSettledAt),
							stalled: deliveryStall(p, now, stallAfterMs(recovery)) !== null,
						};
					},
				},
			],
		);
		// The leadership report goes to its channel on whichever platform the channel is, wherever the admin
		// pressed Post: a campaign spanning both platforms has one channel.
		const postToTeams = config.teams
			? teamsReportPoster(config.teams, {
					...(opts.teamsOutboundToken
						? { outboundToken: opts.teamsOutboundToken }
						: {}),
					...(opts.renderChart ? { renderChart: opts.renderChart } : {}),
				})
			: undefined;
		let slack: App | undefined;
		// One process's capacity for answers, shared by Slack and Teams.
		const answerAdmission = opts.answerAdmission ?? new AnswerAdmission();
		const postReportAnywhere: PostReport = async (channel, report) => {
			if (isTeamsChannel(channel) && postToTeams)
				return postToTeams(channel, report);
			if (!slack)
				throw new Error(
					"the report's channel is in Slack, and Slack is not configured here",
				);
			return postSlackReport(slack.client, channel, report, opts.renderChart);
		};
		if (config.slack && opts.roles.includes("web")) {
			// Admins named by email are looked up in Slack (users.lookupByEmail, paced at its tier) on first use.
			const adminDirectory = new SlackDirectory({
				token: config.slack.botToken,
				...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}),
			});
			// The answer path replaces the invitation through the lean caller, as deliveries post.
			const webPoster = new SlackWebApiPoster(
				config.slack.botToken,
				config.slack.apiUrl,
			);
			stops.push(async () => webPoster.close());
			slack = createSlackApp(
				config.slack,
				{
					service,
					store,
					outreach,
					outbox,
					dispatch: () => dispatcher.pump(),
					stallAfterMs: stallAfterMs(recovery),
					admins: config.admins,
					logger,
					closeCensus,
					checkReach,
					adminEmails: new AdminEmailResolver(
						config.admins,
						(email) => adminDirectory.lookUp(email),
						logger,
					),
					...(opts.renderChart ? { renderChart: opts.renderChart } : {}),
					...(postToTeams ? { postElsewhere: postToTeams } : {}),
					admission: answerAdmission,
					updateMessage: async (json) => {
						const r = await webPoster.post("chat.update", json);
						if (r.kind !== "ok")
							throw new Error(
								`chat.update: ${r.kind === "refused" ? r.error : "rate limited"}`,
							);
					},
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
					...(opts.teamsOutboundToken
						? { outboundToken: opts.teamsOutboundToken }
						: {}),
					admin: {
						service,
						store,
						outreach,
						outbox,
						dispatch: () => dispatcher.pump(),
						stallAfterMs: stallAfterMs(recovery),
						admins: config.admins,
						logger,
						closeCensus,
						checkReach,
					},
					postReport: postReportAnywhere,
					admission: answerAdmission,
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
				recovery,
			});
			stops.push(() => (worker as Worker).close());
		}
		let teamsWorker: Worker | undefined;
		if (config.teams && opts.roles.includes("worker")) {
			const teamsConfig = config.teams;
			const appId =
				teamsConfig.mode === "authenticated" ? teamsConfig.appId : "";
			const teamsConnection = connection.duplicate();
			// Creating a conversation is a call too: it takes a slot of the same pacer as the send.
			const teamsPacer = new SendPacer(
				teamsConnection,
				sendPacerKey(redisPrefix, deliveryQueueName("teams")),
				teamsConfig.messagesPerSecond,
			);
			teamsWorker = startDeliveryWorker({
				connection: teamsConnection,
				pacer: teamsPacer,
				queueName: deliveryQueueName("teams"),
				prefix: redisPrefix,
				outbox,
				channel: createTeamsDeliveryChannel({
					connector: createTeamsConnectors(
						createTeamsAuthentication(teamsConfig, opts.teamsOutboundToken),
						appId,
					),
					conversations: new TeamsConversationRepository(prisma),
					store,
					render: teamsOutreachActivity,
					// Local mode has no app id or tenant: the ids Teams would use are stood in for.
					botId: `28:${appId || "census-local"}`,
					tenantId:
						teamsConfig.mode === "authenticated"
							? teamsConfig.tenantId
							: "local",
					serviceUrl: teamsConfig.serviceUrl,
					paceExtraCall: () => teamsPacer.wait(),
				}),
				clock,
				logger,
				perSecond: teamsConfig.messagesPerSecond,
				// An invitation to someone new is two calls (create the conversation, send), each waiting for its
				// slot: twice the jobs in flight that one call per job needs, or slots go unused while every job is
				// busy with its database or HTTP work (bench e).
				concurrency: Math.min(
					256,
					Math.max(24, Math.ceil(teamsConfig.messagesPerSecond / 10)),
				),
				recovery,
			});
			stops.push(() => (teamsWorker as Worker).close());
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
					// Closing is the tally process's: it is handed the campaigns whose time has come.
					for (const campaignId of due.toClose)
						await tallyQueue.requestClose({ campaignId, scheduled: true });
					if (due.waves > 0 || due.toClose.length > 0)
						logger.info(
							{ count: due.waves, total: due.toClose.length },
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

			// Bounded settling: deliveries whose job is over or gone are handed over again, or marked unknown when
			// a dead worker had claimed them (see `OutboxReconciler` and `settleBoundMs`).
			const reconciler = new OutboxReconciler(outbox, route, logger, clock);
			let lastStallWarning = 0;
			const warnOfStall = async () => {
				const stall = deliveryStall(
					await outbox.pendingDeliveries(),
					new Date(),
					stallAfterMs(recovery),
				);
				if (!stall || Date.now() - lastStallWarning < 60_000) return;
				lastStallWarning = Date.now();
				logger.warn(
					{
						due: stall.due,
						stuckMs: stall.stuckMs,
						oldestWaitMs: stall.oldestWaitMs,
					},
					"deliveries stalled: some are due and none has settled for longer than the bound",
				);
			};
			let reconciling: Promise<unknown> | null = null;
			const reconcile = () => {
				reconciling ??= reconciler
					.reconcile()
					.then(warnOfStall)
					.catch((err: unknown) =>
						logger.warn(
							{ err: err as Error },
							"outbox reconciliation failed; will retry",
						),
					)
					.finally(() => {
						reconciling = null;
					});
			};
			const reconcileTimer = setInterval(reconcile, recovery.reconcileMs);
			reconcileTimer.unref();
			stops.push(async () => {
				clearInterval(reconcileTimer);
				await reconciling;
			});
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
			teamsDeliveries,
			dispatcher,
			tallyQueue,
			closer,
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

/**
 * The tally role's start: checks that it can open the key of every campaign not yet closed (a wrong or missing
 * key stops the start with a clear error, long before any close), then registers the public halves of its keys so
 * web processes can seal new campaigns to them.
 */
async function startTallyRole(o: {
	tallyKeys: TallyKeySet;
	sealingSecret: string;
	registry: TallyKeyRegistry;
	store: CensusRepository;
	clock: Clock;
}): Promise<CampaignCloser> {
	const closer = new CampaignCloser(o.store, o.clock, {
		unwrapper: new LocalKeyUnwrapper(o.tallyKeys, o.sealingSecret),
		sealingSecret: o.sealingSecret,
	});
	const problems = await closer.checkKeys();
	if (problems.length > 0)
		throw new TallyKeyCheckError(
			problems.map(
				(p) =>
					`campaign ${p.campaignId} ("${p.name}"), sealed to ${p.keyId}: ${p.detail}`,
			),
		);
	// Only a key set that passed the check is registered: a wrong key file must not become where new campaigns go.
	for (const key of o.tallyKeys)
		await o.registry.register({
			id: key.id,
			publicKey: key.publicKey,
			createdAt: new Date(key.createdAt),
		});
	return closer;
}

/** The tally process cannot open the key of a campaign not yet closed. */
export class TallyKeyCheckError extends Error {
	constructor(readonly problems: string[]) {
		super(
			`The tally keys given to this process cannot close every open campaign:\n${problems.map((p) => `  - ${p}`).join("\n")}\nStart it with the key file those campaigns were sealed to (CENSUS_TALLY_KEY_FILE).`,
		);
		this.name = "TallyKeyCheckError";
	}
}
