import { platformOfChannel } from "../domain/deliveries/platform.js";
import type { ReportPoster } from "./admin/publish-report.js";
import type { PlatformModule } from "./platform-module.js";

const platformNames = { slack: "Slack", teams: "Teams" } as const;

/**
 * Posts a report on the platform its channel is on, wherever the admin pressed Post: a campaign spanning both
 * platforms has one channel. A channel on a platform this process is not configured for is refused with an error.
 */
export function routeReportPoster(
	modules: readonly Pick<PlatformModule, "platform" | "postReport">[],
): ReportPoster {
	return async (channel, report, language) => {
		const platform = platformOfChannel(channel);
		const module = modules.find((m) => m.platform === platform);
		if (!module) {
			const called = platformNames[platform];
			throw new Error(
				`the report's channel is in ${called}, and ${called} is not configured here`,
			);
		}
		return module.postReport(channel, report, language);
	};
}
