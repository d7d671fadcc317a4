import type { CensusService } from "../../domain/campaigns/census-service.js";
import type { CensusStore } from "../../domain/ports.js";
import type { CampaignReport } from "../../domain/reporting/campaign-report.js";
import type { InvitationJob } from "../../jobs/job-definitions.js";
import type { Logger } from "../../logger.js";

/** What the Slack listeners need, injected by the composition root. */
export type SlackDeps = {
	service: CensusService;
	store: CensusStore;
	enqueueInvitations(jobs: InvitationJob[]): Promise<void>;
	/** Lower-cased emails and user ids allowed to run admin commands. */
	admins: readonly string[];
	logger: Logger;
	/** Renders the report chart as PNG; the post goes out without a chart if absent. */
	renderChart?: (report: CampaignReport) => Buffer;
};
