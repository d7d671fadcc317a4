import type { CampaignReport } from "../../domain/reporting/campaign-report.js";
import type { AdminDeps } from "../admin/admin-deps.js";

/** What the Slack listeners need, injected by the composition root. */
export type SlackDeps = AdminDeps & {
	/** Renders the report chart as PNG; the post goes out without a chart if absent. */
	renderChart?: (report: CampaignReport) => Buffer;
};
