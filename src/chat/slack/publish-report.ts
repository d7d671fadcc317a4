import type { App } from "@slack/bolt";
import { isTeamsChannel } from "../../domain/deliveries/platform.js";
import {
	type PublishOutcome,
	publishReport as publishStoredReport,
} from "../admin/publish-report.js";
import type { AdminHome } from "./admin-home.js";
import { postReport } from "./post-report.js";
import type { SlackDeps } from "./slack-deps.js";

/**
 * Posts the stored report of a closed campaign to its leadership channel, with the chart, and records the posting:
 * through this Slack app, or through `postElsewhere` for a Teams channel.
 */
export function publishReport(
	deps: SlackDeps,
	client: App["client"],
	campaignId: string,
): Promise<PublishOutcome> {
	return publishStoredReport(
		deps.service,
		(channel, report) =>
			deps.postElsewhere && isTeamsChannel(channel)
				? deps.postElsewhere(channel, report)
				: postReport(client, channel, report, deps.renderChart),
		campaignId,
	);
}

/** What the admin Home tab shows: campaigns, live participation, the last report. */
export async function loadAdminHome(deps: SlackDeps): Promise<AdminHome> {
	const campaigns = await deps.service.listCampaigns(20);
	const current = await deps.service.currentCampaign();
	const last = await deps.service.report();
	return {
		campaigns: campaigns.map((c) => ({
			id: c.id,
			name: c.name,
			status: c.status,
			closesOn: c.closesOn,
			responseRatePercent: c.responseRatePercent,
			publishedOn: c.publishedOn,
		})),
		open:
			current && current.status === "open"
				? {
						name: current.name,
						closesOn: current.closesOn,
						targetRate: current.targetRate,
						rates: await deps.service.responseRates(current.id),
					}
				: null,
		lastReport: last
			? {
					report: last.report,
					publishedOn: last.campaign.publishedOn,
					channel: last.campaign.channel,
				}
			: null,
	};
}
