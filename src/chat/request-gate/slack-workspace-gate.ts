import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Logger } from "../../logger.js";
import {
	acceptsSlackWorkspace,
	type SlackInstallation,
} from "./accepts-slack-workspace.js";

/** The payload's type when it is one of Slack's, for the log line: the field itself is the caller's text. */
const knownKinds = new Set([
	"block_actions",
	"view_submission",
	"view_closed",
	"event_callback",
	"shortcut",
	"message_action",
	"block_suggestion",
]);

function kindOf(body: { type?: unknown; command?: unknown }): string {
	if (typeof body.type === "string" && knownKinds.has(body.type))
		return body.type;
	return typeof body.command === "string" ? "command" : "other";
}

/**
 * Bolt global middleware that lets a request through only when it comes from where the bot is installed: its own
 * workspace, or, for an org-wide Enterprise Grid install, any workspace of its org (see `acceptsSlackWorkspace`).
 * A correctly signed request can still come from elsewhere: another workspace the same app is installed in, or a
 * Slack Connect partner. Such a request is refused before any listener looks anyone up: an empty acknowledgement
 * (the neutral reply: it says nothing about anyone, not even that the census exists), and a log line with no ids
 * to count them by. When the installation cannot be told (auth.test failed), nothing is let through.
 */
export function slackWorkspaceGate(
	installation: () => Promise<SlackInstallation | undefined>,
	logger: Logger,
): Middleware<AnyMiddlewareArgs> {
	return async (args) => {
		const installed = await installation();
		if (installed !== undefined && acceptsSlackWorkspace(args.body, installed))
			return args.next();
		logger.warn(
			{
				platform: "slack",
				event: "foreign-workspace",
				kind: kindOf(args.body),
			},
			installed === undefined
				? "slack request refused: the bot's own workspace is not known"
				: "slack request refused: not from the bot's workspace",
		);
		// Events are acknowledged by Bolt before middleware runs; everything else waits for this.
		if ("ack" in args && typeof args.ack === "function") await args.ack();
	};
}
