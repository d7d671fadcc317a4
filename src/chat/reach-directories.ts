import type { Redis } from "ioredis";
import type { Config } from "../config.js";
import type { Platform } from "../domain/deliveries/platform.js";
import type { PlatformDirectory } from "../domain/roster/reach.js";
import type { Logger } from "../logger.js";
import { SlackDirectory } from "./slack/slack-directory.js";
import { createTeamsGraphReach } from "./teams/teams-graph-reach.js";

/** The configured platforms that can look people up by email: Slack, and Teams when Graph access is configured. */
export function directoryPlatforms(
	config: Pick<Config, "slack" | "teams" | "graph">,
): Platform[] {
	return [
		...(config.slack ? (["slack"] as const) : []),
		...(config.teams && config.graph ? (["teams"] as const) : []),
	];
}

/**
 * The people directories of the configured platforms, in order of preference: Slack's (`users.list` /
 * `users.lookupByEmail`) when Slack is configured, and Teams' (Microsoft Graph `/users`) when Teams is configured
 * with Graph access (its calls paced through Redis, shared by every process).
 */
export function reachDirectories(
	config: Pick<Config, "slack" | "teams" | "graph">,
	logger: Logger,
	redis?: { connection: Redis; prefix: string },
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
	if (config.teams && config.graph && redis)
		directories.push(
			createTeamsGraphReach(config.graph, {
				redis: redis.connection,
				redisPrefix: redis.prefix,
			}).directory,
		);
	return directories;
}
