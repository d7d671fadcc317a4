import { describe, expect, it } from "vitest";
import { renderReportMarkdown } from "../../src/reports/render-report-markdown.js";
import { escapeCommonMark } from "../../src/text/escape-commonmark.js";
import { sampleReport } from "../support/sample-report.js";

/** The cells of a Markdown table row, split on pipes that are not escaped. */
const cells = (line: string) =>
	line
		.replace(/^\|\s?/, "")
		.replace(/\s?\|$/, "")
		.split(/(?<!\\)\|/)
		.map((c) => c.trim());

/** The table under a `## heading`: header cells and body rows. */
function table(md: string, heading: string): string[][] {
	const lines = md.split("\n");
	const start = lines.indexOf(`## ${heading}`);
	expect(start, `no section ${heading}`).toBeGreaterThanOrEqual(0);
	const rows: string[][] = [];
	for (const line of lines.slice(start + 1)) {
		if (line.startsWith("## ")) break;
		if (line.startsWith("|") && !/^\|[-:|]+\|$/.test(line))
			rows.push(cells(line));
	}
	return rows;
}

describe("renderReportMarkdown", () => {
	const md = renderReportMarkdown(sampleReport());

	it("opens with the title, dates, response and classifiable rates, then the takeaways", () => {
		const report = sampleReport();
		expect(md.startsWith("# Census 2026: results\n")).toBe(true);
		expect(md).toContain(
			"Closed on 14 December 2026. Response rate **71%** (341 of 480 invited; target 70%).",
		);
		expect(md).toContain("**90%** of responses (about 300 answers)");
		const numbered = report.takeaways.map((t, i) =>
			md.indexOf(`${i + 1}. ${t}`),
		);
		expect(numbered.every((i) => i > 0)).toBe(true);
		expect([...numbered].sort((a, b) => a - b)).toEqual(numbered);
		expect(numbered[2]).toBeLessThan(md.indexOf("## Across the organisation"));
	});

	it("compares the organisation with the UK workforce", () => {
		expect(table(md, "Across the organisation")).toEqual([
			["Background", "This organisation", "UK workforce"],
			["Professional background", "45%", "37%"],
			["Intermediate background", "25%", "24%"],
			["Working-class background", "30%", "39%"],
		]);
	});

	it("shows each department row by its status", () => {
		expect(table(md, "By department")).toEqual([
			[
				"Department",
				"Professional",
				"Intermediate",
				"Working class",
				"Professional or intermediate",
				"Answers",
			],
			["Engineering", "55%", "20%", "25%", "", "about 95"],
			["Operations", "30%", "[c]", "45%", "", "about 80"],
			["Sales", "", "", "50%", "50%", "about 40"],
			["Legal", "not shown", "", "", "", "about 10"],
			["Other", "fewer than 10 answers", "", "", "", ""],
		]);
	});

	it("uses only the columns some grade uses", () => {
		const grades = table(md, "By grade (junior to senior)");
		expect(grades[0]).toEqual([
			"Grade",
			"Professional",
			"Intermediate",
			"Working class",
			"Answers",
		]);
		expect(grades.slice(1).map((r) => r[0])).toEqual([
			"G1 Associate",
			"G2 Analyst",
			"G3 Manager",
			"G4 Senior manager to G5 Director",
		]);
		expect(grades[4]).toEqual([
			"G4 Senior manager to G5 Director",
			"75%",
			"15%",
			"10%",
			"about 40",
		]);
	});

	it("gives progression, supplementary measures, every footnote and the source", () => {
		const report = sampleReport({
			notes: ["Reported once; no earlier drive."],
		});
		const text = renderReportMarkdown(report);
		expect(text).toContain(
			`## Progression by grade\n\n${escapeCommonMark(report.progression.sentence)}`,
		);
		expect(text).toContain(
			"- Went to an independent (fee-paying) school: **15%** of about 290 answers; benchmark 7%, Elitist Britain 2019 (Sutton Trust and SMC).\n  A further 5% had a bursary covering 90% or more of fees.",
		);
		expect(text).toContain(
			"- Eligible for free school meals: **10%** of about 250 answers; context only, no national benchmark.",
		);
		expect(text).toContain(
			"- First in their family to get a degree: [c] (fewer than 10 answers); context only, no national benchmark.",
		);
		// Notes quote names, so they are escaped as someone else's text ("[c]" reads the same as "\[c\]").
		for (const note of [
			...report.byGroup.footnotes,
			...report.byGrade.footnotes,
			...report.notes,
		])
			expect(text).toContain(`- ${escapeCommonMark(note)}\n`);
		expect(text).toContain(
			`Benchmark: ${report.benchmark.source}; version smc-2021-05.`,
		);
		expect(text.trimEnd().endsWith("![Chart](chart.png)")).toBe(true);
	});

	it("escapes pipes and line breaks in names so tables keep their shape", () => {
		const base = sampleReport();
		const first = base.byGroup.rows[0];
		if (!first) throw new Error("sample has no rows");
		const text = renderReportMarkdown(
			sampleReport({
				byGroup: {
					...base.byGroup,
					rows: [
						{ ...first, name: "R|D\nLabs \\ East" },
						...base.byGroup.rows.slice(1),
					],
				},
			}),
		);
		expect(text).toContain("| R\\|D Labs \\\\ East | 55% |");
		const rows = table(text, "By department");
		expect(rows.every((r) => r.length === 6)).toBe(true);
	});

	it("shows [c] for a suppressed organisation share", () => {
		const base = sampleReport();
		const text = renderReportMarkdown(
			sampleReport({
				groups: base.groups.map((g) =>
					g.group === "working_class" ? { ...g, percent: null } : g,
				),
			}),
		);
		expect(table(text, "Across the organisation")[3]).toEqual([
			"Working-class background",
			"[c]",
			"39%",
		]);
	});

	it("publishes no breakdown when the report is not published", () => {
		const text = renderReportMarkdown(
			sampleReport({
				published: false,
				notes: [
					"Fewer than 10 classifiable answers: no breakdown is published.",
				],
			}),
		);
		expect(text).toContain("**Too few answers to publish a breakdown.**");
		expect(text).not.toContain("## By department");
		expect(text).not.toContain("## Across the organisation");
		expect(text).not.toContain("45%");
		expect(text).not.toContain("Other includes Facilities");
		expect(text).toContain(
			"- Fewer than 10 classifiable answers: no breakdown is published.",
		);
		expect(text.trimEnd().endsWith("![Chart](chart.png)")).toBe(true);
	});
});
