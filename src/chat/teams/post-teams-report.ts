import type { ConnectorClient } from "botframework-connector";
import type { TeamsConfig } from "../../config.js";
import { isTeamsChannel } from "../../domain/deliveries/platform.js";
import type { CampaignReport } from "../../domain/reporting/campaign-report.js";
import type { ChartOptions } from "../../reports/render-chart-png.js";
import { englishOnly, type Languages } from "../../text/languages.js";
import type { Translator } from "../../text/translator.js";
import type { ReportPoster } from "../admin/publish-report.js";
import { cardAttachment } from "./cards/adaptive-card.js";
import { reportCard } from "./cards/report-card.js";
import {
	createTeamsAuthentication,
	type OutboundTokenProvider,
} from "./teams-authentication.js";
import { createTeamsConnectors } from "./teams-connector.js";

/** Teams shows card images up to 1024 × 1024 pixels. */
const teamsImageMaxSide = 1024;

/** What posting a report to a Teams channel needs. */
export type TeamsReportPosterDeps = {
	/** Retry-free ConnectorClients by Bot Connector base URL (see `createTeamsConnectors`). */
	connector: (serviceUrl: string) => Promise<ConnectorClient>;
	/** The Bot Connector base URL for the tenant's channels. */
	serviceUrl: string;
	/** Renders the report chart as PNG; the card goes out without a chart if absent. */
	renderChart?: (report: CampaignReport, size?: ChartOptions) => Buffer;
	/** The language of the chart and its alt text (the campaign's); default English (UK). */
	t?: Translator;
	/** A post taking longer than this is abandoned (Bot Service itself gives up at 10–15 s). */
	timeoutMs?: number;
};

/**
 * Posts the report card, with the chart inline, as a new message in a Teams channel (`19:…@thread.tacv2`). Throws
 * for anything else, such as a Slack channel: which platform carries a channel is the caller's choice.
 */
export async function postTeamsReport(
	deps: TeamsReportPosterDeps,
	channel: string,
	report: CampaignReport,
): Promise<void> {
	if (!isTeamsChannel(channel))
		throw new Error("not a Teams channel id; cannot post the report there");
	const chart =
		deps.renderChart && report.published
			? deps.renderChart(report, {
					maxSide: teamsImageMaxSide,
					...(deps.t ? { t: deps.t } : {}),
				})
			: undefined;
	const client = await deps.connector(deps.serviceUrl);
	await client.conversations.sendToConversation(
		channel,
		{
			type: "message",
			attachments: [cardAttachment(reportCard(report, chart, deps.t))],
		} as Parameters<ConnectorClient["conversations"]["sendToConversation"]>[1],
		{ timeout: deps.timeoutMs ?? 15_000 },
	);
}

/**
 * The report poster for Teams channels, with its own retry-free connectors: `createTeamsConnectors` over the same
 * authentication as the endpoint (so the injected outbound token in tests and the demo applies too).
 */
export function teamsReportPoster(
	config: TeamsConfig,
	opts: {
		outboundToken?: OutboundTokenProvider;
		renderChart?: (report: CampaignReport, size?: ChartOptions) => Buffer;
		/** The languages a campaign's report may be in; absent: English (UK). */
		languages?: Languages;
	},
): ReportPoster {
	const connector = createTeamsConnectors(
		createTeamsAuthentication(config, opts.outboundToken),
		config.mode === "authenticated" ? config.appId : "",
	);
	const deps: TeamsReportPosterDeps = {
		connector,
		serviceUrl: config.serviceUrl,
		...(opts.renderChart ? { renderChart: opts.renderChart } : {}),
	};
	// In the campaign's language, else the deployment default.
	return (channel, report, language) =>
		postTeamsReport(
			{ ...deps, t: (opts.languages ?? englishOnly).pick(language) },
			channel,
			report,
		);
}
