import type { App } from "@slack/bolt";
import type { PauseReason } from "../../jobs/delivery-pause.js";
import type { Logger } from "../../logger.js";

/**
 * Slack's `app_uninstalled` (the app was removed from the workspace) and `tokens_revoked` (with a bot token among
 * those revoked: a user token alone changes nothing the bot uses) mean the bot can no longer send: `gone` pauses
 * Slack's deliveries and tells the admins. The two come together, in either order; `gone` acts once.
 */
export function registerAppGoneEvents(
	app: App,
	gone: (reason: PauseReason) => Promise<void>,
	logger: Logger,
): void {
	const act = async (reason: PauseReason) => {
		await gone(reason).catch((err: unknown) =>
			logger.error(
				{ platform: "slack", event: reason, err: err as Error },
				"could not pause slack deliveries",
			),
		);
	};
	app.event("app_uninstalled", async () => act("app_uninstalled"));
	app.event("tokens_revoked", async ({ event }) => {
		if ((event.tokens.bot ?? []).length > 0) await act("tokens_revoked");
		else
			logger.info(
				{ platform: "slack", event: "tokens_revoked", count: 0 },
				"slack revoked user tokens only: the bot's token still works",
			);
	});
}
