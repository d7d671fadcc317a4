import type { CampaignReport } from "../domain/reporting/campaign-report.js";
import { cleanText } from "../text/clean-text.js";
import { verdictInWords } from "./verdict-in-words.js";

/** The longest alt text given to a platform: a screen reader reads it whole, so it stays a paragraph. */
export const maxAltText = 1000;

/**
 * What the chart shows, in words, for people who cannot see it: every number it draws, and "not shown" where it
 * draws "[c]". Plain text: each platform takes it as it is (it is never read as markup).
 */
export function chartAltText(report: CampaignReport): string {
	const name = cleanText(report.campaignName).replace(/\s+/g, " ").trim();
	// plain text: alt text is never read as markup; `name` went through cleanText.
	const head = `Chart of ${name}: ${report.responded} of ${report.invited} people responded (${report.responseRatePercent}%).`;
	if (!report.published)
		return cut(
			`${head} Too few answers to publish a breakdown: no figures are shown, so that no one's answer can be worked out.`,
		);
	const groups = report.groups.map(
		(g) =>
			`${g.label}: ${g.percent === null ? "not shown" : `${g.percent}%`} here, ${g.benchmarkPercent}% in the UK workforce.`,
	);
	const grades = report.progression.workingClassByGrade;
	const gradeList = grades
		.map(
			(g) =>
				`${cleanText(g.grade).replace(/\s+/g, " ").trim()} ${g.percent === null ? "not shown" : `${g.percent}%`}`,
		)
		.join("; ");
	const byGrade =
		grades.length === 0
			? "No grades to show."
			: // plain text: alt text; every grade in the list went through cleanText.
				`Working-class background by grade, most junior first: ${gradeList}.`;
	return cut(
		[
			head,
			...groups,
			byGrade,
			`Pattern: ${verdictInWords(report.progression)}.`,
			"Not shown: hidden so that no one's answer can be worked out.",
		].join(" "),
	);
}

function cut(s: string): string {
	const chars = Array.from(s);
	return chars.length <= maxAltText
		? s
		: `${chars.slice(0, maxAltText - 1).join("")}\u2026`;
}
