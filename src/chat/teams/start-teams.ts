import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Application } from "express";
import type { TeamsConfig } from "../../config.js";
import type { CensusService } from "../../domain/campaigns/census-service.js";
import type { CensusStore } from "../../domain/ports.js";
import type { TeamsConversationStore } from "../../domain/roster/teams-conversation-store.js";
import type { Logger } from "../../logger.js";
import { TeamsAdapter } from "./teams-adapter.js";
import {
	createTeamsAuthentication,
	type OutboundTokenProvider,
} from "./teams-authentication.js";
import { TeamsBot } from "./teams-bot.js";
import { teamsMessagesHandlers } from "./teams-endpoint.js";

/** What the Teams endpoint needs from the composition root. */
export type TeamsDeps = {
	conversations: TeamsConversationStore;
	logger: Logger;
	/** The census use cases behind the cards' buttons; absent only where a test serves the transport alone. */
	service?: CensusService;
	/** The participation ledger, to find who clicked; given with `service`. */
	store?: CensusStore;
	/** Tokens for calls to the Bot Connector; default: the app password, through Microsoft Entra. */
	outboundToken?: OutboundTokenProvider;
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
	const adapter = new TeamsAdapter(
		createTeamsAuthentication(config, deps.outboundToken),
		{
			channels: config.mode === "local" ? ["msteams", "emulator"] : ["msteams"],
			tenantId: config.mode === "authenticated" ? config.tenantId : undefined,
		},
		deps.logger,
	);
	const bot = new TeamsBot({
		conversations: deps.conversations,
		logger: deps.logger,
		...(deps.service && deps.store
			? { census: { service: deps.service, store: deps.store } }
			: {}),
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
