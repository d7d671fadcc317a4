import type { CampaignReport } from "../domain/reporting/campaign-report.js";
import { cleanText } from "../text/clean-text.js";
import { english, type Translator } from "../text/translator.js";
import { groupInWords } from "./report-words.js";
import { verdictInWords } from "./verdict-in-words.js";

/** The longest alt text given to a platform: a screen reader reads it whole, so it stays a paragraph. */
export const maxAltText = 1000;

/**
 * What the chart shows, in words, for people who cannot see it: every number it draws, and "not shown" where it
 * draws "[c]". Plain text: each platform takes it as it is (it is never read as markup).
 */
export function chartAltText(
	report: CampaignReport,
	t: Translator = english,
): string {
	const plain = (s: string) => cleanText(s).replace(/\s+/g, " ").trim();
	const notShown = t.t("alt.notShown");
	const head = t.t("alt.head", {
		campaign: plain(report.campaignName),
		responded: report.responded,
		invited: report.invited,
		percent: report.responseRatePercent,
	});
	if (!report.published) return cut(`${head} ${t.t("alt.unpublished")}`);
	const groups = report.groups.map((g) =>
		t.t("alt.group", {
			group: groupInWords(g, t),
			value: g.percent === null ? notShown : `${g.percent}%`,
			benchmark: g.benchmarkPercent,
		}),
	);
	const grades = report.progression.workingClassByGrade;
	const gradeList = grades
		.map(
			(g) =>
				`${plain(g.grade)} ${g.percent === null ? notShown : `${g.percent}%`}`,
		)
		.join("; ");
	const byGrade =
		grades.length === 0
			? t.t("alt.noGrades")
			: t.t("alt.byGrade", { list: gradeList });
	const { cliffAt } = report.progression;
	// The verdict names grades: each goes through cleanText, as in the list.
	const progression = cliffAt
		? {
				...report.progression,
				cliffAt: { from: plain(cliffAt.from), to: plain(cliffAt.to) },
			}
		: report.progression;
	return cut(
		[
			head,
			...groups,
			byGrade,
			t.t("alt.pattern", { verdict: verdictInWords(progression, t) }),
			t.t("alt.hiddenNote"),
		].join(" "),
	);
}

function cut(s: string): string {
	const chars = Array.from(s);
	return chars.length <= maxAltText
		? s
		: `${chars.slice(0, maxAltText - 1).join("")}\u2026`;
}
