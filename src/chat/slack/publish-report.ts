import {
	type PublishOutcome,
	publishReport as publishStoredReport,
} from "../admin/publish-report.js";
import type { AdminHome } from "./admin-home.js";
import type { SlackDeps } from "./slack-deps.js";

/**
 * Posts the stored report of a closed campaign to its leadership channel, with the chart, and records the posting,
 * through `deps.postReport` (which posts on the channel's platform). The second argument, the Slack client of the
 * click, is not used: it stays only for the caller in census-interactions.ts until that caller stops passing it.
 */
export function publishReport(
	deps: SlackDeps,
	_client: unknown,
	campaignId: string,
): Promise<PublishOutcome> {
	return publishStoredReport(deps.service, deps.postReport, campaignId);
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
