import type { App } from "@slack/bolt";
import type { AdminHome } from "./admin-home.js";
import { postReport } from "./post-report.js";
import type { SlackDeps } from "./slack-deps.js";

/** Outcome of posting a closed campaign's report to its channel. */
export type PublishOutcome =
	| { ok: true; channel: string; publishedOn: string }
	| { ok: false; reason: "not-found" };

/**
 * Posts the stored report of a closed campaign to its leadership channel, with the chart, and records the
 * posting. The numbers are the ones stored at close: posting again, or exporting, shows exactly the same.
 */
export async function publishReport(
	deps: SlackDeps,
	client: App["client"],
	campaignId: string,
): Promise<PublishOutcome> {
	const found = await deps.service.report(campaignId);
	if (!found) return { ok: false, reason: "not-found" };
	await postReport(
		client,
		found.campaign.channel,
		found.report,
		deps.renderChart,
	);
	await deps.service.markPublished(found.campaign.id);
	return {
		ok: true,
		channel: found.campaign.channel,
		publishedOn: found.campaign.publishedOn ?? deps.service.today(),
	};
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
