import { App, ExpressReceiver, HTTPModuleFunctions } from "@slack/bolt";
import type { Application } from "express";
import { arrivalOf } from "../../http/request-arrival.js";
import { maxRequestBytes } from "../../http/request-size-limit.js";
import type { Logger } from "../../logger.js";
import { acknowledgeShapeless } from "../request-gate/acknowledge-shapeless.js";
import { slackPayloadGate } from "../request-gate/slack-payload-gate.js";
import { slackWorkspaceGate } from "../request-gate/slack-workspace-gate.js";
import { registerUnknownInteractions } from "./acknowledge-unknown.js";
import { registerAppGoneEvents } from "./app-gone-events.js";
import { registerCensusCommand } from "./census-command.js";
import { registerCensusInteractions } from "./census-interactions.js";
import { registerDirectMessageHint } from "./register-direct-message-hint.js";
import { registerRosterUpload } from "./register-roster-upload.js";
import { registerStartForm } from "./register-start-form.js";
import type { SlackDeps } from "./slack-deps.js";
import { createBoltLogger } from "./slack-logger.js";

/** Slack credentials and endpoints. */
export type SlackOptions = {
	botToken: string;
	signingSecret: string;
	appToken: string | undefined;
	apiUrl: string | undefined;
};

/**
 * Builds the Bolt app: HTTP mode mounted on our Express app at POST /slack/events (signatures
 * verified by Bolt), or Socket Mode when an app token is given. The Web API URL is overridable.
 */
export function createSlackApp(
	opts: SlackOptions,
	deps: SlackDeps,
	http: Application,
	logger: Logger,
): App {
	const boltLogger = createBoltLogger(logger);
	const clientOptions = {
		...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
		retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
	};
	const app = opts.appToken
		? new App({
				token: opts.botToken,
				signingSecret: opts.signingSecret,
				appToken: opts.appToken,
				socketMode: true,
				logger: boltLogger,
				clientOptions,
				tokenVerificationEnabled: false,
				convoStore: false,
			})
		: new App({
				token: opts.botToken,
				receiver: new ExpressReceiver({
					signingSecret: opts.signingSecret,
					app: http,
					endpoints: "/slack/events",
					logger: boltLogger,
					bodyLimit: maxRequestBytes,
					// A signed payload of the wrong shape (`actions: true`) makes Bolt itself throw a TypeError
					// before any listener runs: a bad request, not a server error.
					processEventErrorHandler: async (args) => {
						if (args.error instanceof TypeError && !args.response.headersSent) {
							logger.info(
								{
									platform: "slack",
									event: "unknown-interaction",
									kind: "malformed",
								},
								"malformed slack payload refused",
							);
							args.response.writeHead(400);
							args.response.end();
							return true;
						}
						return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
					},
					// When the request arrived, for the answer modal's load shedding.
					customPropertiesExtractor: (req) => ({ receivedAt: arrivalOf(req) }),
				}),
				logger: boltLogger,
				clientOptions,
				tokenVerificationEnabled: false,
				convoStore: false,
			});
	rememberBotIdentity(app);
	acknowledgeShapeless(app, logger);
	// Before any listener: a request from another workspace looks nobody up.
	app.use(
		slackWorkspaceGate(async () => {
			const who = await app.client.auth.test();
			return {
				teamId: who.team_id,
				enterpriseId: who.enterprise_id,
				orgWide: who.is_enterprise_install === true,
			};
		}, logger),
	);
	// Then: a payload whose ids are not strings reaches no lookup.
	app.use(slackPayloadGate(logger));
	if (deps.appGone) registerAppGoneEvents(app, deps.appGone, logger);
	registerCensusCommand(app, deps);
	registerStartForm(app, deps);
	registerCensusInteractions(app, deps);
	registerRosterUpload(app, deps);
	registerDirectMessageHint(app, deps);
	registerUnknownInteractions(app, logger);
	return app;
}

/**
 * With `tokenVerificationEnabled: false` (so that an unreachable Slack at start-up is not an unhandled rejection),
 * Bolt's single-workspace authorize calls `auth.test` again for every incoming request: a Web API round trip in
 * front of every answer, and a rate-limited method called hundreds of times a second at a census's peak. The
 * bot's identity does not change while the process runs, so the first successful answer is kept; a failed call is
 * forgotten, and the next request asks again.
 */
function rememberBotIdentity(app: App): void {
	const auth = app.client.auth;
	const ask = auth.test.bind(auth);
	let known: ReturnType<typeof ask> | undefined;
	auth.test = (options) => {
		if (!known) {
			const asked = ask(options);
			known = asked;
			asked.catch(() => {
				if (known === asked) known = undefined;
			});
		}
		return known;
	};
}
