import type { CensusCore } from "../../census-core.js";
import type { TeamsConfig } from "../../config.js";
import {
	sendPacerKey,
	startDeliveryWorker,
} from "../../jobs/delivery-worker.js";
import { deliveryQueueName } from "../../jobs/job-definitions.js";
import { SendPacer } from "../../jobs/send-pacer.js";
import { EmployeeReachRepository } from "../../storage/employee-reach-repository.js";
import { TeamsConversationRepository } from "../../storage/teams-conversation-repository.js";
import type { PlatformModule } from "../platform-module.js";
import { teamsReportPoster } from "./post-teams-report.js";
import { startTeams, type TeamsEndpoint } from "./start-teams.js";
import { createTeamsAuthentication } from "./teams-authentication.js";
import { createTeamsConnectors } from "./teams-connector.js";
import { createTeamsDeliveryChannel } from "./teams-delivery-channel.js";
import {
	createTeamsGraphReach,
	graphInstallsInFlight,
} from "./teams-graph-reach.js";
import { teamsOutreachActivity } from "./teams-outreach-activity.js";

/** Teams, with the endpoint it serves once the web role has started it. */
export type TeamsPlatform = PlatformModule & {
	readonly endpoint: TeamsEndpoint | undefined;
};

/** Teams: `/api/messages` in the web role, the Teams delivery worker in the worker role. */
export function teamsPlatform(
	config: TeamsConfig,
	core: CensusCore,
): TeamsPlatform {
	const { logger, clock, outbox, store, opts } = core;
	const outboundToken = opts.teamsOutboundToken;
	const conversations = new TeamsConversationRepository(core.storage.pool);
	const reach = new EmployeeReachRepository(core.storage.pool, core.platforms);
	const graph = core.config.graph;
	let endpoint: TeamsEndpoint | undefined;
	return {
		platform: "teams",
		get endpoint() {
			return endpoint;
		},
		postReport: teamsReportPoster(config, {
			...(outboundToken ? { outboundToken } : {}),
			...(opts.renderChart ? { renderChart: opts.renderChart } : {}),
			languages: core.languages,
		}),
		async startWeb({ http, postReport }, life) {
			endpoint = life.own(
				await startTeams(
					config,
					{
						conversations,
						logger,
						reach,
						...(outboundToken ? { outboundToken } : {}),
						admin: core.admin,
						postReport,
						admission: core.admission,
						languages: core.languages,
					},
					http,
				),
				(e) => e.stop(),
			);
		},
		startWorker(life) {
			const appId = config.mode === "authenticated" ? config.appId : "";
			const connection = core.storage.connection.duplicate();
			const queueName = deliveryQueueName("teams");
			// Creating a conversation is a call too: it takes a slot of the same pacer as the send.
			const pacer = new SendPacer(
				connection,
				sendPacerKey(core.redisPrefix, queueName),
				config.messagesPerSecond,
			);
			const worker = startDeliveryWorker({
				connection,
				pacer,
				queueName,
				prefix: core.redisPrefix,
				outbox,
				channel: createTeamsDeliveryChannel({
					connector: createTeamsConnectors(
						createTeamsAuthentication(config, outboundToken),
						appId,
					),
					conversations,
					store,
					render: teamsOutreachActivity,
					languages: core.languages,
					// Local mode has no app id or tenant: the ids Teams would use are stood in for.
					botId: `28:${appId || "census-local"}`,
					tenantId: config.mode === "authenticated" ? config.tenantId : "local",
					serviceUrl: config.serviceUrl,
					paceExtraCall: () => pacer.wait(),
					reach,
					logger,
					// With Microsoft Graph, the app is installed for people who lack it before their first message.
					...(graph
						? {
								installer: createTeamsGraphReach(graph, {
									redis: connection,
									redisPrefix: core.redisPrefix,
								}).installer,
							}
						: {}),
				}),
				clock,
				logger,
				perSecond: config.messagesPerSecond,
				// An invitation to someone new is two calls (create the conversation, send), each waiting for its
				// slot: twice the jobs in flight that one call per job needs, or slots go unused while every job is
				// busy with its database or HTTP work (bench e).
				// With Graph, a new person's job first installs the app: three Graph calls in a row.
				concurrency: Math.min(
					256,
					Math.max(
						graph ? graphInstallsInFlight : 24,
						Math.ceil(config.messagesPerSecond / 10),
					),
				),
				recovery: core.recovery,
			});
			life.own(worker, (w) => w.close());
		},
	};
}
