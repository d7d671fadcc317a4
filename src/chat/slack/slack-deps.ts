import type { CampaignReport } from "../../domain/reporting/campaign-report.js";
import type { AdminDeps } from "../admin/admin-deps.js";
import type { AdminEmailResolver } from "../admin/admin-email-resolver.js";
import type { PostReport } from "../admin/publish-report.js";
import type { AnswerAdmission } from "../answer-admission.js";

/** What the Slack listeners need, injected by the composition root. */
export type SlackDeps = AdminDeps & {
	/** Renders the report chart as PNG; the post goes out without a chart if absent. */
	renderChart?: (report: CampaignReport) => Buffer;
	/**
	 * Posts a report to a channel on another platform (a Teams channel, for a campaign spanning both); Slack
	 * channels are posted to by the Slack app itself.
	 */
	postElsewhere?: PostReport;
	/** Sheds answers under overload (default: one with the default limits for this app). */
	admission?: AnswerAdmission;
	/**
	 * Replaces a message (chat.update with this JSON body) through a lean caller; default: Bolt's WebClient,
	 * several times the CPU per call.
	 */
	updateMessage?: (json: string) => Promise<unknown>;
	/** Recognises admins named by email in CENSUS_ADMINS by looking them up in Slack (absent: roster only). */
	adminEmails?: AdminEmailResolver;
};
