import type { TeamsEndpoint } from "./chat/teams/start-teams.js";
import type { CensusService } from "./domain/campaigns/census-service.js";
import type { OutreachService } from "./domain/campaigns/outreach-service.js";
import type { DeliveryQueue } from "./jobs/delivery-queue.js";
import type { OutboxDispatcher } from "./jobs/outbox-dispatcher.js";
import type { TallyQueue } from "./jobs/tally-queue.js";
import type { Logger } from "./logger.js";
import type { CensusRepository } from "./storage/census-repository.js";
import type { OutboxRepository } from "./storage/outbox-repository.js";
import type { PrismaClient } from "./storage/prisma-client.js";

/** A running census bot: what tools, the demo and tests reach into, and how to stop it. */
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
	/** The Teams endpoint, when Teams is configured and this process serves the web role. */
	teams: TeamsEndpoint | undefined;
	logger: Logger;
	stop(): Promise<void>;
};
