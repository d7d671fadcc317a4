import type { Config } from "../config.js";
import type { PlatformDirectory } from "../domain/roster/reach.js";
import type { Logger } from "../logger.js";
import { SlackDirectory } from "./slack/slack-directory.js";

/**
 * The people directories of the configured platforms, in order of preference: Slack's (`users.list` /
 * `users.lookupByEmail`) when Slack is configured. A Teams directory (Microsoft Graph) is added here beside it.
 */
export function reachDirectories(
	config: Pick<Config, "slack">,
	logger: Logger,
): PlatformDirectory[] {
	const directories: PlatformDirectory[] = [];
	if (config.slack)
		directories.push(
			new SlackDirectory({
				token: config.slack.botToken,
				...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}),
				onRateLimited: (method, retryAfterMs) =>
					logger.warn(
						{ platform: "slack", code: method, waitedMs: retryAfterMs },
						"people directory rate limited; waiting",
					),
			}),
		);
	return directories;
}
