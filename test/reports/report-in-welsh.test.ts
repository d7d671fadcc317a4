import { describe, expect, it } from "vitest";
import { chartAltText } from "../../src/reports/chart-alt-text.js";
import { renderChartSvg } from "../../src/reports/render-chart-svg.js";
import { renderReportMarkdown } from "../../src/reports/render-report-markdown.js";
import { escapeCommonMark } from "../../src/text/escape-commonmark.js";
import { english, translatorFor } from "../../src/text/translator.js";
import { sampleReport } from "../support/sample-report.js";

const welsh = translatorFor("cy");

/** The English (UK) words the report's renderers put in; none may be left in another language's rendering. */
const englishWords = [
	"results",
	"Closed on",
	"Response rate",
	"Key points",
	"Across the organisation",
	"This organisation",
	"UK workforce",
	"By department",
	"By grade",
	"Progression by grade",
	"Other measures",
	"Benchmark:",
	"Working-class background",
	"Professional background",
	"Pattern:",
	"Cliff edge",
	"not shown",
	"responded",
	"Most junior grade first",
	"Social Mobility Commission benchmark",
];

describe("the report in the campaign's language", () => {
	const report = sampleReport();

	it("report.md in Welsh has the catalogue's Welsh words and none of the renderer's English", () => {
		const md = renderReportMarkdown(report, welsh);
		expect(md).toContain(`# ${report.campaignName}: canlyniadau`);
		expect(md).toContain("Caeodd ar 14 Rhagfyr 2026.");
		expect(md).toContain("## Ar draws y sefydliad");
		expect(md).toContain("| Cefndir dosbarth gweithiol | 30% | 39% |");
		// What the report stored at close is shown as stored (key points, notes, progression, sources): taken out.
		const stored = [
			...report.takeaways,
			...report.notes,
			...report.byGroup.footnotes,
			...report.byGrade.footnotes,
			report.progression.sentence,
			report.benchmark.source,
			...report.supplementary.flatMap((m) => [
				m.detail ?? "",
				m.benchmarkSource ?? "",
			]),
		].filter((x) => x.length > 0);
		let own = md;
		for (const x of stored)
			own = own.replaceAll(escapeCommonMark(x), "").replaceAll(x, "");
		for (const w of englishWords) expect(own, w).not.toContain(w);
		// The same document in English (UK) does use them: the list is of words the renderer writes.
		const en = renderReportMarkdown(report, english);
		expect(englishWords.filter((w) => en.includes(w)).length).toBeGreaterThan(
			10,
		);
	});

	it("the chart and its alt text in Welsh", () => {
		const svg = renderChartSvg(report, welsh);
		const drawn = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)]
			.map((m) => m[1] ?? "")
			.join("\n");
		expect(drawn).toContain("Eich sefydliad a gweithlu&apos;r DU");
		expect(drawn).toContain("Cefndir dosbarth gweithiol yn ôl gradd");
		const alt = chartAltText(report, welsh);
		expect(alt).toContain(
			`ymatebodd ${report.responded} o ${report.invited} o bobl`,
		);
		expect(alt).toContain("Patrwm: Cwymp sydyn rhwng");
		for (const w of englishWords) {
			expect(drawn, w).not.toContain(w);
			expect(alt, w).not.toContain(w);
		}
	});

	it("a report stored with other English wording keeps it, in every language", () => {
		const old = {
			...report,
			groups: report.groups.map((g) => ({ ...g, label: `Old ${g.label}` })),
		};
		expect(renderReportMarkdown(old, welsh)).toContain(
			"| Old Working-class background |",
		);
	});
});
