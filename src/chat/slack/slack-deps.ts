import type { CampaignReport } from "../../domain/reporting/campaign-report.js";
import type { AdminDeps } from "../admin/admin-deps.js";
import type { PostReport } from "../admin/publish-report.js";

/** What the Slack listeners need, injected by the composition root. */
export type SlackDeps = AdminDeps & {
	/** Renders the report chart as PNG; the post goes out without a chart if absent. */
	renderChart?: (report: CampaignReport) => Buffer;
	/**
	 * Posts a report to a channel on another platform (a Teams channel, for a campaign spanning both); Slack
	 * channels are posted to by the Slack app itself.
	 */
	postElsewhere?: PostReport;
};
