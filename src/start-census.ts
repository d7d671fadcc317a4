import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildCensusCore } from "./census-core.js";
import type { CensusRuntime } from "./census-runtime.js";
import { routeReportPoster } from "./chat/route-report-poster.js";
import { slackPlatform } from "./chat/slack/slack-platform.js";
import { teamsPlatform } from "./chat/teams/teams-platform.js";
import type { Config } from "./config.js";
import { createCensusHttpApp } from "./http/census-http-app.js";
import { applyKeepAliveTimeouts } from "./http/keep-alive-timeouts.js";
import { startCampaignClock } from "./jobs/start-campaign-clock.js";
import { startLedgerPurge } from "./jobs/start-ledger-purge.js";
import { startOutboxReconciling } from "./jobs/start-outbox-reconciling.js";
import { startTallyRole } from "./jobs/start-tally-role.js";
import { resolveKeys } from "./keys/resolve-keys.js";
import { Lifecycle } from "./lifecycle.js";
import { createLogger } from "./logger.js";
import type { StartOptions } from "./start-options.js";
import { openStorage } from "./storage/open-storage.js";

export type { CensusRuntime } from "./census-runtime.js";
export type { Role, StartOptions } from "./start-options.js";

/**
 * The composition root: config → logger → storage → keys → domain core → roles. Each configured platform is a
 * module started in the web role (its endpoint) and the worker role (its delivery worker); the tally role alone
 * holds the tally keys (README.md, Architecture). Everything started is stopped in reverse by one lifecycle.
 */
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
	const life = new Lifecycle();
	try {
		const storage = await openStorage(config, opts, logger, life);
		const keys = await resolveKeys(
			config,
			opts.roles.includes("tally"),
			logger,
		);
		const core = buildCensusCore(config, opts, logger, storage, keys, life);
		if (keys.tallyKeys) await startTallyRole(core, keys.tallyKeys, life);

		const slack = config.slack && slackPlatform(config.slack, core);
		const teams = config.teams && teamsPlatform(config.teams, core);
		const platforms = [slack, teams].filter((p) => p !== undefined);
		const http = createCensusHttpApp(core);
		if (opts.roles.includes("web")) {
			const postReport = routeReportPoster(platforms);
			for (const p of platforms) await p.startWeb({ http, postReport }, life);
		}
		if (opts.roles.includes("worker")) {
			for (const p of platforms) p.startWorker(life);
			await startLedgerPurge(core, life);
			await startCampaignClock(core, life);
			startOutboxReconciling(core, life);
		}

		const server = await new Promise<Server>((resolve, reject) => {
			const s = http.listen(config.port, opts.host ?? "0.0.0.0", () =>
				resolve(s),
			);
			s.once("error", reject);
		});
		const listening = applyKeepAliveTimeouts(server);
		life.onStop(() => listening.close());
		const port = (server.address() as AddressInfo).port;
		logger.info({ port, role: opts.roles.join(",") }, "census-bot started");
		return {
			url: `http://127.0.0.1:${port}`,
			databaseUrl: storage.databaseUrl,
			redisUrl: storage.redisUrl,
			redisPrefix: core.redisPrefix,
			prisma: storage.prisma,
			service: core.service,
			store: core.store,
			outbox: core.outbox,
			outreach: core.outreach,
			deliveries: core.deliveryQueues.slack,
			teamsDeliveries: core.deliveryQueues.teams,
			dispatcher: core.dispatcher,
			tallyQueue: core.tallyQueue,
			teams: teams?.endpoint,
			logger,
			stop: () => life.stop(),
		};
	} catch (err) {
		await life.stop();
		throw err;
	}
}
