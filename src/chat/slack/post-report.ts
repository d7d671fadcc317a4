import type { App } from "@slack/bolt";
import type { CampaignReport } from "../../domain/reporting/campaign-report.js";
import { chartAltText } from "../../reports/chart-alt-text.js";
import { escapeMrkdwn } from "./blocks.js";
import { reportBlocks } from "./report-blocks.js";

/** Posts the report to the leadership channel, then the chart image into the same channel. */
export async function postReport(
	client: App["client"],
	channel: string,
	report: CampaignReport,
	renderChart?: (report: CampaignReport) => Buffer,
): Promise<void> {
	const posted = await client.chat.postMessage({
		channel,
		text: `${escapeMrkdwn(report.campaignName)}: results`,
		blocks: reportBlocks(report),
	});
	if (!renderChart || !report.published || !posted.channel || !posted.ts)
		return;
	await client.filesUploadV2({
		channel_id: posted.channel,
		thread_ts: posted.ts,
		file: renderChart(report),
		filename: "census-chart.png",
		// plain text: a file's title is not read as mrkdwn.
		title: `${report.campaignName}: backgrounds against the UK workforce`,
		// The chart's numbers in words, for screen readers (files.getUploadURLExternal's description of the image).
		alt_text: chartAltText(report),
	});
}
