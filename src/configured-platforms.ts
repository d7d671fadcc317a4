import type { Config } from "./config.js";
import type { Platform } from "./domain/deliveries/platform.js";

/** The platforms this deployment reaches people on, in order of preference: Slack, then Teams. */
export function configuredPlatforms(
	config: Pick<Config, "slack" | "teams">,
): Platform[] {
	return [
		...(config.slack ? (["slack"] as const) : []),
		...(config.teams ? (["teams"] as const) : []),
	];
}
