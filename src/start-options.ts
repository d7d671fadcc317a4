import type { AnswerAdmission } from "./chat/answer-admission.js";
import type { OutboundTokenProvider } from "./chat/teams/teams-authentication.js";
import type { CensusSettings } from "./domain/campaigns/census-service.js";
import type { Clock } from "./domain/ports.js";
import type { CampaignReport } from "./domain/reporting/campaign-report.js";
import type { RecoveryTimings } from "./jobs/recovery-timings.js";
import type { Logger } from "./logger.js";
import type { ChartOptions } from "./reports/render-chart-png.js";

/** Process roles (README.md, Architecture): only `tally` holds the tally key and can open ballots. */
export type Role = "web" | "worker" | "tally";

/** Options the composition root takes besides the config. */
export type StartOptions = {
	roles: Role[];
	logger?: Logger;
	/** Redis key prefix; one per test run or deployment. */
	redisPrefix?: string;
	/** Interface to bind; defaults to all interfaces. */
	host?: string;
	/** Use an in-memory embedded database instead of one under the data folder. */
	ephemeralDatabase?: boolean;
	clock?: Clock;
	settings?: CensusSettings;
	renderChart?: (report: CampaignReport, size?: ChartOptions) => Buffer;
	/** How often the campaign clock ticks and the outbox is swept (default 30 s). */
	tickMs?: number;
	/** Tokens for calls to the Teams Bot Connector; default: the app password, through Microsoft Entra. */
	teamsOutboundToken?: OutboundTokenProvider;
	/** How long a person's Do Not Disturb state, once looked up, is trusted (default 5 minutes). */
	dndTtlMs?: number;
	/** How long an admin's close waits for the tally process before saying so (default 2 minutes). */
	closeWaitMs?: number;
	/** Load shedding for answers on every platform of this process (default: the default limits). */
	answerAdmission?: AnswerAdmission;
	/** How fast deliveries held by a dead process are recovered (default `defaultRecoveryTimings`). */
	recovery?: RecoveryTimings;
};
