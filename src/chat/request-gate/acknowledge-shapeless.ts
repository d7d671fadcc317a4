import type { App } from "@slack/bolt";
import type { Logger } from "../../logger.js";

/**
 * Whether Bolt can tell what kind of request a signed body is (an event, a command, an options request, an action,
 * a shortcut or a view), the way it decides before running any middleware. One it cannot is dropped by Bolt with no
 * acknowledgement, so the connection is held for its 3-second unhandled-request timeout and then answered 404.
 */
export function boltCanRoute(body: Record<string, unknown>): boolean {
	return (
		body.event !== undefined ||
		body.command !== undefined ||
		body.name !== undefined ||
		body.actions !== undefined ||
		(typeof body.type === "string" &&
			[
				"block_suggestion",
				"dialog_submission",
				"shortcut",
				"message_action",
				"view_submission",
				"view_closed",
			].includes(body.type))
	);
}

/**
 * Acknowledges at once (an empty 200, nothing looked up) a signed payload no listener could ever take because it has
 * no kind Bolt recognises, instead of holding its connection for three seconds: a cheap way to tie up the web role.
 * Slack itself never sends one.
 */
export function acknowledgeShapeless(app: App, logger: Logger): void {
	const process = app.processEvent.bind(app);
	app.processEvent = async (event) => {
		if (boltCanRoute(event.body as Record<string, unknown>))
			return process(event);
		logger.info(
			{ platform: "slack", event: "unknown-interaction", kind: "shapeless" },
			"slack payload of no known kind acknowledged",
		);
		await event.ack();
	};
}
