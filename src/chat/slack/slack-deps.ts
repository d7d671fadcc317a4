import type { CensusService } from "../../domain/campaigns/census-service.js";
import type { OutreachService } from "../../domain/campaigns/outreach-service.js";
import type { OutboxStore } from "../../domain/deliveries/outbox-store.js";
import type { CensusStore } from "../../domain/ports.js";
import type { CampaignReport } from "../../domain/reporting/campaign-report.js";
import type { Logger } from "../../logger.js";

/** What the Slack listeners need, injected by the composition root. */
export type SlackDeps = {
	service: CensusService;
	store: CensusStore;
	outreach: OutreachService;
	outbox: OutboxStore;
	/** Hands queued outbox rows to the delivery queue; a failure leaves them for the worker's sweep. */
	dispatch(): Promise<unknown>;
	/** Lower-cased emails and user ids allowed to run admin commands. */
	admins: readonly string[];
	logger: Logger;
	/** Renders the report chart as PNG; the post goes out without a chart if absent. */
	renderChart?: (report: CampaignReport) => Buffer;
};
