import type { CensusCore } from "../../census-core.js";
import type { Config } from "../../config.js";
import { startDeliveryWorker } from "../../jobs/delivery-worker.js";
import { upcomingSlackUsers } from "../../jobs/upcoming-slack-users.js";
import { RedisOncePerPerson } from "../../storage/redis-once-per-person.js";
import { AdminEmailResolver } from "../admin/admin-email-resolver.js";
import { resumeWhenAuthorised } from "../platform-gone.js";
import type { PlatformModule } from "../platform-module.js";
import { DndCache } from "./dnd-cache.js";
import { slackReportPoster } from "./post-slack-report.js";
import { directMessageHintSeconds } from "./register-direct-message-hint.js";
import { createSlackApp } from "./slack-app.js";
import { createSlackDeliveryChannel } from "./slack-delivery-channel.js";
import { SlackDirectory } from "./slack-directory.js";
import { createSlackDndLookup } from "./slack-dnd-lookup.js";
import { SlackWebApiPoster } from "./slack-web-api-poster.js";

/** Slack: `/slack/events` (or Socket Mode) in the web role, the Slack delivery worker in the worker role. */
export function slackPlatform(
	config: NonNullable<Config["slack"]>,
	core: CensusCore,
): PlatformModule {
	const { logger, clock, outbox, store } = core;
	return {
		platform: "slack",
		postReport: slackReportPoster(
			config,
			logger,
			core.opts.renderChart,
			core.languages,
		),
		async startWeb({ http, postReport }, life) {
			// The answer path replaces the invitation through the lean caller, as deliveries post.
			const webPoster = life.own(
				new SlackWebApiPoster(config.botToken, config.apiUrl),
				(p) => p.close(),
			);
			const adminDirectory = new SlackDirectory({
				token: config.botToken,
				...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
			});
			const app = createSlackApp(
				config,
				{
					...core.admin,
					postReport,
					admission: core.admission,
					appGone: (reason) => core.platformGone("slack", reason),
					// Admins named by email are looked up in Slack (users.lookupByEmail, paced at its tier) on first use.
					adminEmails: new AdminEmailResolver(
						core.config.admins,
						(email) => adminDirectory.lookUp(email),
						logger,
					),
					languages: core.languages,
					directMessageHints: new RedisOncePerPerson(
						core.storage.connection,
						`${core.redisPrefix}:dm-hint`,
						directMessageHintSeconds,
					),
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
			// Reinstalled (and its new token configured) since Slack refused the app: its deliveries go out again.
			await resumeWhenAuthorised(
				core.deliveryPause,
				"slack",
				async () => (await app.client.auth.test()).ok === true,
				logger,
			).catch((err: unknown) =>
				logger.warn(
					{ platform: "slack", err: err as Error },
					"could not check whether slack deliveries are paused",
				),
			);
			if (config.appToken) {
				await app.start();
				life.onStop(() => app.stop());
			}
		},
		startWorker(life) {
			const poster = life.own(
				new SlackWebApiPoster(config.botToken, config.apiUrl),
				(p) => p.close(),
			);
			const dnd = new DndCache(
				// A lookup gets 5 s: Do Not Disturb must never hold up the census for long.
				createSlackDndLookup((method, fields) =>
					poster.postForm(method, fields, 5000),
				),
				logger,
				{
					upcoming: upcomingSlackUsers(core.deliveryQueues.slack, outbox),
					...(core.opts.dndTtlMs ? { ttlMs: core.opts.dndTtlMs } : {}),
				},
			);
			life.own(
				startDeliveryWorker({
					connection: core.storage.connection.duplicate(),
					prefix: core.redisPrefix,
					outbox,
					channel: createSlackDeliveryChannel({
						post: (method, json) => poster.post(method, json),
						store,
						dnd,
						clock,
						// The app was uninstalled or its token revoked before Slack's event came (or without one).
						appRefused: () => core.platformGone("slack", "tokens_revoked"),
						languages: core.languages,
					}),
					clock,
					logger,
					perSecond: config.messagesPerSecond,
					recovery: core.recovery,
				}),
				(w) => w.close(),
			);
		},
	};
}
