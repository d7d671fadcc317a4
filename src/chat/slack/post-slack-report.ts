import { WebClient } from "@slack/web-api";
import type { Config } from "../../config.js";
import type { CampaignReport } from "../../domain/reporting/campaign-report.js";
import type { Logger } from "../../logger.js";
import { chartAltText } from "../../reports/chart-alt-text.js";
import type { ChartOptions } from "../../reports/render-chart-png.js";
import { englishOnly, type Languages } from "../../text/languages.js";
import { english, type Translator } from "../../text/translator.js";
import type { ReportPoster } from "../admin/publish-report.js";
import { escapeMrkdwn } from "./blocks.js";
import { reportBlocks } from "./report-blocks.js";
import { createBoltLogger } from "./slack-logger.js";
import { uploadSlackFile } from "./upload-slack-file.js";

/**
 * Posts the report to a Slack leadership channel, then the chart image into the same channel; the chart and its
 * alt text in `t`'s language (the campaign's).
 */
export async function postSlackReport(
	client: WebClient,
	channel: string,
	report: CampaignReport,
	renderChart?: (report: CampaignReport, opts?: ChartOptions) => Buffer,
	t: Translator = english,
): Promise<void> {
	const posted = await client.chat.postMessage({
		channel,
		text: t.t("report.title", { campaign: escapeMrkdwn(report.campaignName) }),
		blocks: reportBlocks(report, t),
	});
	if (!renderChart || !report.published || !posted.channel || !posted.ts)
		return;
	await uploadSlackFile(client, {
		channelId: posted.channel,
		threadTs: posted.ts,
		bytes: renderChart(report, { t }),
		filename: "census-chart.png",
		// plain text: a file's title is not read as mrkdwn.
		title: t.t("report.chartFileTitle", { campaign: report.campaignName }),
		// The chart's numbers in words, for screen readers.
		altText: chartAltText(report, t),
	});
}

/**
 * The report poster for Slack channels, with a Web API client of its own (the bot token, the configured API URL,
 * the same retries as the Slack app's client), so any role and any platform's Post button can post to Slack.
 */
export function slackReportPoster(
	config: NonNullable<Config["slack"]>,
	logger: Logger,
	renderChart?: (report: CampaignReport, opts?: ChartOptions) => Buffer,
	languages: Languages = englishOnly,
): ReportPoster {
	const client = new WebClient(config.botToken, {
		logger: createBoltLogger(logger),
		...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
		retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
	});
	// In the campaign's language, else the deployment default.
	return (channel, report, language) =>
		postSlackReport(
			client,
			channel,
			report,
			renderChart,
			languages.pick(language),
		);
}
