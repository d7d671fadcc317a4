import type { CampaignReport } from "../domain/reporting/campaign-report.js";

/** The report as CSV: one row per published measure; suppressed values are "[c]". */
export function reportToCsv(report: CampaignReport): string {
	const rows: string[][] = [
		["campaign", "measure", "group", "percent", "benchmark_percent"],
	];
	const name = report.campaignName;
	rows.push([
		name,
		"response_rate",
		"organisation",
		String(report.responseRatePercent),
		"",
	]);
	if (report.published) {
		for (const g of report.groups) {
			rows.push([
				name,
				"background_share",
				g.group,
				g.percent === null ? "[c]" : String(g.percent),
				String(g.benchmarkPercent),
			]);
		}
	}
	const cell = (s: string) =>
		/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
	return `${rows.map((r) => r.map(cell).join(",")).join("\n")}\n`;
}
