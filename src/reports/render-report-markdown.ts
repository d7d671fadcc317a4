import type { CampaignReport } from "../domain/reporting/campaign-report.js";

/** The report as Markdown, with the same numbers as the Slack post. */
export function renderReportMarkdown(report: CampaignReport): string {
	const lines = [
		`# ${report.campaignName}: results`,
		"",
		`Closed ${report.closedOn}. Response rate **${report.responseRatePercent}%** (${report.responded} of ${report.invited}; target ${report.targetRatePercent}%).`,
		"",
	];
	if (report.published) {
		lines.push(
			"| Background | This organisation | UK workforce |",
			"|---|---:|---:|",
		);
		for (const g of report.groups) {
			lines.push(
				`| ${g.label} | ${g.percent === null ? "[c]" : `${g.percent}%`} | ${g.benchmarkPercent}% |`,
			);
		}
		lines.push(
			"",
			`Classified answers: ${report.classified}. Not classifiable (other, prefer not to say): ${report.notClassifiable}.`,
			"",
		);
	}
	for (const n of report.notes) lines.push(`- ${n}`);
	lines.push(
		"",
		`Benchmark: ${report.benchmark.source} (${report.benchmark.version}). Groups with fewer than ${report.minCellSize} answers are never shown; [c] marks a hidden value.`,
		"",
		"![Chart](chart.png)",
		"",
	);
	return lines.join("\n");
}
