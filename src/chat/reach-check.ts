import type { Platform } from "../domain/deliveries/platform.js";
import type { PlatformDirectory } from "../domain/roster/reach.js";
import {
	type ReachReport,
	type ReachRoster,
	type ReachScope,
	resolveReach,
} from "../domain/roster/resolve-reach.js";
import type { Logger } from "../logger.js";

/** Resolves the roster against every configured platform and records the outcome (see `resolveReach`). */
export type ReachCheck = (scope?: ReachScope) => Promise<ReachReport>;

/** Binds the reach check to the roster, the configured platforms and their directories; logs counts, never emails. */
export function createReachCheck(deps: {
	roster: ReachRoster;
	platforms: readonly Platform[];
	directories: readonly PlatformDirectory[];
	logger: Logger;
	now?: () => Date;
}): ReachCheck {
	return async (scope = "everyone") => {
		const started = Date.now();
		const report = await resolveReach({
			scope,
			roster: deps.roster,
			platforms: deps.platforms,
			directories: deps.directories,
			now: deps.now ?? (() => new Date()),
			onFailure: (platform, err) =>
				deps.logger.warn(
					{
						platform,
						code: (err as { code?: string }).code,
						err: err as Error,
					},
					"people directory failed; judging that platform on the roster's ids",
				),
		});
		deps.logger.info(
			{
				total: report.people,
				count: report.reachable,
				durationMs: Date.now() - started,
				reason: scope,
			},
			"reach check done: count reachable of total",
		);
		return report;
	};
}
