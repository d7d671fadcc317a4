import { describe, expect, it } from "vitest";
import { chartAltText } from "../../src/reports/chart-alt-text.js";
import { sampleReport } from "../support/sample-report.js";

describe("chartAltText", () => {
	it("says every number the chart draws, in words", () => {
		const report = sampleReport();
		const alt = chartAltText(report);
		expect(alt).toContain(
			`${report.responded} of ${report.invited} people responded (${report.responseRatePercent}%)`,
		);
		for (const g of report.groups)
			expect(alt).toContain(
				`${g.label}: ${g.percent}% here, ${g.benchmarkPercent}% in the UK workforce.`,
			);
		for (const g of report.progression.workingClassByGrade)
			expect(alt).toContain(
				`${g.grade} ${g.percent === null ? "not shown" : `${g.percent}%`}`,
			);
		expect(alt).toMatch(/Pattern: Cliff edge between/);
		expect(alt).not.toBe(
			`${report.campaignName}: backgrounds against the UK workforce`,
		);
	});

	it("says \u201cnot shown\u201d where the chart draws [c], and one sentence for an unpublished report", () => {
		const base = sampleReport();
		const hidden = chartAltText({
			...base,
			groups: base.groups.map((g, i) =>
				i === 1 ? { ...g, percent: null } : g,
			),
		});
		expect(hidden).toContain(`${base.groups[1]?.label}: not shown here`);
		expect(chartAltText({ ...base, published: false })).toMatch(
			/Too few answers to publish a breakdown/,
		);
	});

	it("stays a paragraph, however long the names", () => {
		const base = sampleReport();
		const alt = chartAltText({
			...base,
			campaignName: "x".repeat(5000),
		});
		expect(Array.from(alt).length).toBeLessThanOrEqual(1000);
	});
});
