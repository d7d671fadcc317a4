import { Redis } from "ioredis";
import { createTeamsAuthentication } from "../../src/chat/teams/teams-authentication.js";
import { createTeamsConnectors } from "../../src/chat/teams/teams-connector.js";
import { createTeamsDeliveryChannel } from "../../src/chat/teams/teams-delivery-channel.js";
import { createTeamsGraphReach } from "../../src/chat/teams/teams-graph-reach.js";
import { teamsOutreachActivity } from "../../src/chat/teams/teams-outreach-activity.js";
import { startDeliveryWorker } from "../../src/jobs/delivery-worker.js";
import { deliveryQueueName } from "../../src/jobs/job-definitions.js";
import { createLogger } from "../../src/logger.js";
import { CensusRepository } from "../../src/storage/census-repository.js";
import { EmployeeReachRepository } from "../../src/storage/employee-reach-repository.js";
import { OutboxRepository } from "../../src/storage/outbox-repository.js";
import { createDatabase } from "../../src/storage/prisma-client.js";
import { TeamsConversationRepository } from "../../src/storage/teams-conversation-repository.js";

/**
 * A Teams delivery worker with Graph installation in a process of its own (run with `node --import tsx`), for
 * tests that SIGKILL it in the middle of installing the app for people. It talks to the Bot Connector without
 * authentication (local mode) and to Graph with the given app registration.
 * Env: DATABASE_URL, REDIS_URL, PREFIX, SERVICE_URL, GRAPH_API_URL, GRAPH_LOGIN_URL, TENANT_ID, CLIENT_ID,
 * CLIENT_SECRET, CATALOG_APP_ID, LOCK_MS, STALLED_CHECK_MS.
 */
const env = (name: string): string => {
	const v = process.env[name];
	if (!v) throw new Error(`${name} is not set`);
	return v;
};

const { prisma, pool } = createDatabase(env("DATABASE_URL"), 4);
const connection = new Redis(env("REDIS_URL"), { maxRetriesPerRequest: null });
const logger = createLogger("silent");
const serviceUrl = env("SERVICE_URL");
const graph = createTeamsGraphReach(
	{
		tenantId: env("TENANT_ID"),
		clientId: env("CLIENT_ID"),
		clientSecret: env("CLIENT_SECRET"),
		catalogAppId: env("CATALOG_APP_ID"),
		apiUrl: env("GRAPH_API_URL"),
		loginUrl: env("GRAPH_LOGIN_URL"),
		teamsPerSecond: 30,
		directoryPerSecond: 300,
	},
	{ redis: connection, redisPrefix: env("PREFIX") },
);
startDeliveryWorker({
	connection,
	queueName: deliveryQueueName("teams"),
	prefix: env("PREFIX"),
	outbox: new OutboxRepository(pool),
	channel: createTeamsDeliveryChannel({
		connector: createTeamsConnectors(
			createTeamsAuthentication({
				mode: "local",
				port: 0,
				serviceUrl,
				messagesPerSecond: 50,
			}),
			"",
		),
		conversations: new TeamsConversationRepository(pool),
		store: new CensusRepository(prisma),
		render: teamsOutreachActivity,
		botId: "28:census-local",
		tenantId: env("TENANT_ID"),
		serviceUrl,
		reach: new EmployeeReachRepository(pool, ["teams"]),
		installer: graph.installer,
		logger,
	}),
	logger,
	perSecond: 50,
	concurrency: 8,
	recovery: {
		lockMs: Number(env("LOCK_MS")),
		stalledCheckMs: Number(env("STALLED_CHECK_MS")),
	},
});
process.stdout.write("ready\n");
