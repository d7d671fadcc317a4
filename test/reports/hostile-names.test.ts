import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { CampaignReport } from "../../src/domain/reporting/campaign-report.js";
import { renderChartPng } from "../../src/reports/render-chart-png.js";
import { renderChartSvg } from "../../src/reports/render-chart-svg.js";
import { renderReportMarkdown } from "../../src/reports/render-report-markdown.js";
import { reportToCsv } from "../../src/reports/report-to-csv.js";
import {
	hostileNames,
	invisibleFromInput,
	markdownLiveMarkup,
} from "../support/hostile-names.js";
import { sampleReport } from "../support/sample-report.js";

/** A report whose every name (campaign, departments, grades, and the sentences quoting them) is `name`. */
function hostileReport(name: string): CampaignReport {
	const r = sampleReport();
	const rename = <T extends { name: string }>(rows: T[]) =>
		rows.map((row) => ({ ...row, name }));
	return {
		...r,
		campaignName: name,
		byGroup: {
			...r.byGroup,
			rows: rename(r.byGroup.rows),
			footnotes: [`${name} is merged with others.`],
		},
		byGrade: { ...r.byGrade, rows: rename(r.byGrade.rows) },
		takeaways: [`${name} has the most working-class staff.`],
		notes: [`${name} was too small to show.`],
		progression: {
			...r.progression,
			sentence: `${name} falls away.`,
			workingClassByGrade: r.progression.workingClassByGrade.map((g) => ({
				...g,
				grade: name,
			})),
		},
	};
}

describe.each(hostileNames.map((n) => [JSON.stringify(n).slice(0, 40), n]))(
	"a name like %s in the report files",
	(_, name) => {
		const report = hostileReport(name);

		it("is inert Markdown in report.md: no link, image, HTML, heading, list, quote or bare URL from it", () => {
			const md = renderReportMarkdown(report);
			// The one image is ours: the chart beside the file.
			const ours = md.replace("![Chart](chart.png)", "");
			expect(markdownLiveMarkup(ours)).toEqual([]);
			// Every table keeps its shape: a name cannot add or end a cell.
			for (const table of md.split("\n\n").filter((b) => b.startsWith("| "))) {
				const widths = table
					.split("\n")
					.map((l) => l.split(/(?<!\\)\|/).length);
				expect(new Set(widths).size).toBe(1);
			}
		});

		it("is inert SVG text in the chart, which still renders", () => {
			const svg = renderChartSvg(report);
			expect(svg).not.toMatch(/<script|<a[\s>]|<foreignObject/i);
			expect(svg).not.toMatch(invisibleFromInput);
			const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map(
				(m) => m[1] ?? "",
			);
			for (const t of texts)
				expect(t).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
			if (/[<&\u202e]/.test(name))
				expect(renderChartPng(report).subarray(1, 4).toString()).toBe("PNG");
		});

		it("cannot run as a formula in the CSV", () => {
			const rows = parse(reportToCsv(report), {
				relax_column_count: true,
			}) as string[][];
			for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
		});
	},
);
