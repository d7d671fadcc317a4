import type { App } from "@slack/bolt";
import type { Logger } from "../../logger.js";
import { ids } from "./blocks.js";

/** Any id that is not one of the bot's own. */
const notOurs = new RegExp(
	`^(?!(?:${Object.values(ids)
		.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
		.join("|")})$)`,
);

/**
 * Acknowledges buttons and modals that are not the bot's (an old message's, a mistyped or forged id) at once, with
 * a log line to count them by, instead of leaving Slack waiting three seconds for a 404 and an error to the person.
 * The id itself is the caller's text and is not logged.
 */
export function registerUnknownInteractions(app: App, logger: Logger): void {
	const count = (kind: string) =>
		logger.info(
			{ platform: "slack", event: "unknown-interaction", kind },
			"unknown slack interaction acknowledged",
		);
	app.action({ action_id: notOurs }, async ({ ack }) => {
		await ack();
		count("action");
	});
	app.view(
		{ callback_id: notOurs, type: "view_submission" },
		async ({ ack }) => {
			await ack();
			count("view_submission");
		},
	);
	app.view({ callback_id: /.*/, type: "view_closed" }, async ({ ack }) => {
		await ack();
		count("view_closed");
	});
}
