import type { AdminDeps } from "./chat/admin/admin-deps.js";
import { rosterUploadTtlSeconds } from "./chat/admin/roster-upload.js";
import { AnswerAdmission } from "./chat/answer-admission.js";
import { platformGone } from "./chat/platform-gone.js";
import { createReachCheck } from "./chat/reach-check.js";
import { reachDirectories } from "./chat/reach-directories.js";
import type { Config } from "./config.js";
import { configuredPlatforms } from "./configured-platforms.js";
import { CensusService } from "./domain/campaigns/census-service.js";
import { OutreachService } from "./domain/campaigns/outreach-service.js";
import type { RoutableDelivery } from "./domain/deliveries/outbox-store.js";
import { type Platform, routeDelivery } from "./domain/deliveries/platform.js";
import type { Clock } from "./domain/ports.js";
import { closeThroughTally } from "./jobs/close-through-tally.js";
import { DeliveryPause, type PauseReason } from "./jobs/delivery-pause.js";
import { DeliveryQueue } from "./jobs/delivery-queue.js";
import { deliveryQueueName } from "./jobs/job-definitions.js";
import { OutboxDispatcher } from "./jobs/outbox-dispatcher.js";
import {
	defaultRecoveryTimings,
	type RecoveryTimings,
	stallAfterMs,
} from "./jobs/recovery-timings.js";
import { TallyQueue } from "./jobs/tally-queue.js";
import { RegisteredKeyWrapper } from "./keys/registered-key-wrapper.js";
import type { ProcessKeys } from "./keys/resolve-keys.js";
import type { Lifecycle } from "./lifecycle.js";
import type { Logger } from "./logger.js";
import type { StartOptions } from "./start-options.js";
import { defaultOpeningOptions } from "./storage/campaign-opening.js";
import { CensusRepository } from "./storage/census-repository.js";
import { notReachedList } from "./storage/not-reached-repository.js";
import type { Storage } from "./storage/open-storage.js";
import { OutboxRepository } from "./storage/outbox-repository.js";
import { ReachRepository } from "./storage/reach-repository.js";
import { RedisPendingRosterUploads } from "./storage/redis-pending-roster-uploads.js";
import { RosterRepository } from "./storage/roster-repository.js";
import { TallyKeyRegistry } from "./storage/tally-key-registry.js";
import { teamsIdsOfEmails } from "./storage/teams-ids-of-emails.js";
import { WaveRepository } from "./storage/wave-repository.js";
import { Languages } from "./text/languages.js";

/** What every role and platform of one process shares: storage, the domain services and the queues. */
export type CensusCore = {
	config: Config;
	opts: StartOptions;
	logger: Logger;
	clock: Clock;
	recovery: RecoveryTimings;
	redisPrefix: string;
	storage: Storage;
	keys: ProcessKeys;
	tallyKeyRegistry: TallyKeyRegistry;
	store: CensusRepository;
	service: CensusService;
	outbox: OutboxRepository;
	outreach: OutreachService;
	/** The configured platforms, in order of preference. */
	platforms: Platform[];
	/** One delivery queue per platform, each with its own rate limit (see `deliveryQueueOf`). */
	deliveryQueues: Record<Platform, DeliveryQueue | undefined> & {
		slack: DeliveryQueue;
	};
	/** The queue of the platform that carries a delivery: the one place a person's platform is decided. */
	deliveryQueueOf(d: RoutableDelivery): DeliveryQueue;
	dispatcher: OutboxDispatcher;
	/** Pauses a platform's deliveries while it refuses the app (uninstalled, token revoked). */
	deliveryPause: DeliveryPause;
	/** A platform refused the app: pauses its deliveries and tells the admins on another platform. */
	platformGone: (platform: Platform, reason: PauseReason) => Promise<void>;
	/** Where closes are handed to the tally process. */
	tallyQueue: TallyQueue;
	/** The admin commands' services, the same on every platform. */
	admin: AdminDeps;
	/** One process's capacity for answers, shared by its platforms. */
	admission: AnswerAdmission;
	/** The languages employees are spoken to in, and the default (CENSUS_LANGUAGES, CENSUS_LANGUAGE). */
	languages: Languages;
};

export { configuredPlatforms } from "./configured-platforms.js";

/** One delivery queue per configured platform, closed by `life`. */
function openDeliveryQueues(
	config: Config,
	storage: Storage,
	redisPrefix: string,
	life: Lifecycle,
): CensusCore["deliveryQueues"] {
	const { connection } = storage;
	// Slack's queue is there even with nothing configured, so rows wait in it until a worker for them runs.
	const closeQueue = (q: DeliveryQueue) => q.close();
	return {
		slack: life.own(new DeliveryQueue(connection, redisPrefix), closeQueue),
		teams: config.teams
			? life.own(
					new DeliveryQueue(
						connection,
						redisPrefix,
						deliveryQueueName("teams"),
					),
					closeQueue,
				)
			: undefined,
	};
}

/** The admin commands' services over the core's parts, the same on every platform. */
function buildAdminDeps(
	core: Pick<
		CensusCore,
		| "config"
		| "opts"
		| "logger"
		| "recovery"
		| "redisPrefix"
		| "storage"
		| "store"
		| "service"
		| "outbox"
		| "outreach"
		| "platforms"
		| "dispatcher"
		| "deliveryPause"
		| "tallyQueue"
	>,
): AdminDeps {
	const { config, opts, logger, recovery, redisPrefix, store, service } = core;
	const { outbox, outreach, platforms, dispatcher, deliveryPause } = core;
	const { prisma, pool, connection } = core.storage;
	const tallyQueue = core.tallyQueue;
	const directories = reachDirectories(config, logger, {
		connection,
		prefix: redisPrefix,
	});
	return {
		service,
		store,
		outreach,
		outbox,
		dispatch: () => dispatcher.pump(),
		stallAfterMs: stallAfterMs(recovery),
		platforms,
		paused: async () =>
			(
				await Promise.all(platforms.map((p) => deliveryPause.pausedOf(p)))
			).filter((p) => p !== null),
		admins: config.admins,
		logger,
		closeCensus: () =>
			closeThroughTally({
				service,
				store,
				tally: tallyQueue,
				waitMs: opts.closeWaitMs ?? 120_000,
			}),
		notReached: notReachedList(pool),
		checkReach: createReachCheck({
			roster: new ReachRepository(prisma),
			platforms,
			directories,
			logger,
		}),
		rosterUpload: {
			roster: new RosterRepository(prisma),
			pending: new RedisPendingRosterUploads(
				connection,
				redisPrefix,
				rosterUploadTtlSeconds,
			),
			platforms,
			directories: directories.map((d) => d.platform),
		},
	};
}

/** Builds the domain services and queues over opened storage; queues are closed by `life`. */
export function buildCensusCore(
	config: Config,
	opts: StartOptions,
	logger: Logger,
	storage: Storage,
	keys: ProcessKeys,
	life: Lifecycle,
): CensusCore {
	const { prisma, pool, connection } = storage;
	const redisPrefix = opts.redisPrefix ?? config.redisPrefix;
	const clock = opts.clock ?? { now: () => new Date() };
	const recovery = opts.recovery ?? defaultRecoveryTimings;
	const platforms = configuredPlatforms(config);
	const tallyKeyRegistry = new TallyKeyRegistry(prisma);
	const store = new CensusRepository(prisma, {
		...defaultOpeningOptions,
		platforms,
	});
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
	const outreach = new OutreachService(
		service,
		store,
		outbox,
		new WaveRepository(prisma, platforms),
		clock,
	);
	const deliveryQueues = openDeliveryQueues(config, storage, redisPrefix, life);
	const deliveryQueueOf = (d: RoutableDelivery) =>
		deliveryQueues[routeDelivery(d, platforms)] ?? deliveryQueues.slack;
	const dispatcher = new OutboxDispatcher(
		outbox,
		deliveryQueueOf,
		connection,
		redisPrefix,
		logger,
		clock,
	);
	const deliveryPause = new DeliveryPause(
		connection,
		redisPrefix,
		(p) => deliveryQueues[p],
	);
	const tallyQueue = life.own(new TallyQueue(connection, redisPrefix), (q) =>
		q.close(),
	);
	const admin = buildAdminDeps({
		config,
		opts,
		logger,
		recovery,
		redisPrefix,
		storage,
		store,
		service,
		outbox,
		outreach,
		platforms,
		dispatcher,
		deliveryPause,
		tallyQueue,
	});
	return {
		config,
		opts,
		logger,
		clock,
		recovery,
		redisPrefix,
		storage,
		keys,
		tallyKeyRegistry,
		store,
		service,
		outbox,
		outreach,
		platforms,
		deliveryQueues,
		deliveryQueueOf,
		dispatcher,
		deliveryPause,
		platformGone: platformGone({
			pause: deliveryPause,
			store,
			outbox,
			dispatch: () => dispatcher.pump(),
			logger,
			platforms,
			admins: config.admins,
			teamsIdsOfEmails: (emails) => teamsIdsOfEmails(pool, emails),
		}),
		tallyQueue,
		admin,
		admission: opts.answerAdmission ?? new AnswerAdmission(),
		languages: new Languages(config.languages),
	};
}
