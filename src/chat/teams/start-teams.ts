import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Application } from "express";
import type { TeamsConfig } from "../../config.js";
import type { ReachRecorder } from "../../domain/roster/reach-recorder.js";
import type { TeamsConversationStore } from "../../domain/roster/teams-conversation-store.js";
import { applyKeepAliveTimeouts } from "../../http/keep-alive-timeouts.js";
import { requestSizeLimit } from "../../http/request-size-limit.js";
import type { Logger } from "../../logger.js";
import type { Languages } from "../../text/languages.js";
import type { AdminDeps } from "../admin/admin-deps.js";
import type { ReportPoster } from "../admin/publish-report.js";
import type { AnswerAdmission } from "../answer-admission.js";
import { TeamsAdapter } from "./teams-adapter.js";
import {
	createTeamsAuthentication,
	type OutboundTokenProvider,
} from "./teams-authentication.js";
import { TeamsBot } from "./teams-bot.js";
import { createTeamsConnectors } from "./teams-connector.js";
import { teamsMessagesHandlers } from "./teams-endpoint.js";
import { teamsProactive } from "./teams-proactive.js";

/** What the Teams endpoint needs from the composition root. */
export type TeamsDeps = {
	conversations: TeamsConversationStore;
	logger: Logger;
	/** Tokens for calls to the Bot Connector; default: the app password, through Microsoft Entra. */
	outboundToken?: OutboundTokenProvider;
	/** The admin commands' services, the same ones Slack's `/census` uses. */
	admin: AdminDeps;
	/** Posts a closed campaign's report to its channel, on the channel's platform. */
	postReport: ReportPoster;
	/** Sheds answers under overload, with the process's other platforms. */
	admission?: AnswerAdmission;
	/** Records people who removed the app as unreachable. */
	reach?: ReachRecorder;
	/** The languages employees are spoken to in (absent: English (UK) only). */
	languages?: Languages;
};

/** A running Teams endpoint. */
export type TeamsEndpoint = {
	mode: TeamsConfig["mode"];
	/** The local-mode listener's `…/api/messages`; undefined when served on the main server. */
	localMessagesUrl: string | undefined;
	adapter: TeamsAdapter;
	stop(): Promise<void>;
};

/**
 * Serves `POST /api/messages`. Authenticated: on the main HTTP app, JWT validation always on, one tenant.
 * Local (no app id): on its own listener bound to loopback, never on the main app, which may face the network.
 */
export async function startTeams(
	config: TeamsConfig,
	deps: TeamsDeps,
	http: Application,
): Promise<TeamsEndpoint> {
	const auth = createTeamsAuthentication(config, deps.outboundToken);
	const adapter = new TeamsAdapter(
		auth,
		{
			channels: config.mode === "local" ? ["msteams", "emulator"] : ["msteams"],
			tenantId: config.mode === "authenticated" ? config.tenantId : undefined,
			// Authenticated: the channel token vouches for the activity's serviceUrl (botbuilder checks the claim).
			...(config.mode === "local" ? { serviceUrls: [config.serviceUrl] } : {}),
		},
		deps.logger,
	);
	const bot = new TeamsBot({
		conversations: deps.conversations,
		logger: deps.logger,
		admin: deps.admin,
		postReport: deps.postReport,
		...(deps.admission ? { admission: deps.admission } : {}),
		...(deps.reach ? { reach: deps.reach } : {}),
		proactive: teamsProactive(
			createTeamsConnectors(
				auth,
				config.mode === "authenticated" ? config.appId : "",
			),
		),
		...(deps.languages ? { languages: deps.languages } : {}),
	});
	adapter.onTurnError = (context, err) => bot.handleTurnError(context, err);
	if (config.mode === "authenticated") {
		http.post(
			"/api/messages",
			...teamsMessagesHandlers(adapter, bot, {
				loopbackOnly: false,
				logger: deps.logger,
			}),
		);
		return {
			mode: config.mode,
			localMessagesUrl: undefined,
			adapter,
			stop: async () => undefined,
		};
	}
	const local = express();
	local.disable("x-powered-by");
	local.use(requestSizeLimit());
	local.post(
		"/api/messages",
		...teamsMessagesHandlers(adapter, bot, {
			loopbackOnly: true,
			logger: deps.logger,
		}),
	);
	const server = await new Promise<Server>((resolve, reject) => {
		const s = local.listen(config.port, "127.0.0.1", () => resolve(s));
		s.once("error", reject);
	});
	applyKeepAliveTimeouts(server);
	const { port } = server.address() as AddressInfo;
	deps.logger.warn(
		{ platform: "teams", port },
		"Teams local mode: /api/messages without authentication, on loopback only",
	);
	return {
		mode: config.mode,
		localMessagesUrl: `http://127.0.0.1:${port}/api/messages`,
		adapter,
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
