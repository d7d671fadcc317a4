import type { CensusService } from "../../domain/campaigns/census-service.js";
import type { CampaignReport } from "../../domain/reporting/campaign-report.js";

/**
 * Posts a report to a leadership channel: the one name for that act (`postSlackReport`, `postTeamsReport`, and
 * the `slackReportPoster` / `teamsReportPoster` that make one per platform). Publishing (`publishReport`) is posting
 * a closed campaign's stored report and recording that it was posted.
 */
export type ReportPoster = (
	channel: string,
	report: CampaignReport,
	/** The campaign's language (BCP 47): the report and chart are written in it; null or absent = the default. */
	language?: string | null,
) => Promise<void>;

/** Outcome of posting a closed campaign's report to its channel. */
export type PublishOutcome =
	| { ok: true; channel: string; publishedOn: string }
	| { ok: false; reason: "not-found" };

/**
 * Posts the stored report of a closed campaign to its leadership channel, in the campaign's language, and records
 * the posting. The numbers are the ones stored at close: posting again, or exporting, shows exactly the same.
 */
export async function publishReport(
	service: CensusService,
	post: ReportPoster,
	campaignId: string,
): Promise<PublishOutcome> {
	const found = await service.report(campaignId);
	if (!found) return { ok: false, reason: "not-found" };
	await post(found.campaign.channel, found.report, found.campaign.language);
	await service.markPublished(found.campaign.id);
	return {
		ok: true,
		channel: found.campaign.channel,
		publishedOn: found.campaign.publishedOn ?? service.today(),
	};
}
