import { describe, expect, it } from "vitest";
import { adminHomeView } from "../../src/chat/slack/admin-home.js";
import {
	publishActions,
	reportBlocks,
	reportPreviewBlocks,
} from "../../src/chat/slack/report-blocks.js";
import {
	reportCard,
	reportPreviewCard,
} from "../../src/chat/teams/cards/report-card.js";
import { chartAltText } from "../../src/reports/chart-alt-text.js";
import { renderChartSvg } from "../../src/reports/render-chart-svg.js";
import { renderReportMarkdown } from "../../src/reports/render-report-markdown.js";
import { escapeCommonMark } from "../../src/text/escape-commonmark.js";
import { shippedCatalogues } from "../../src/text/message-catalogue.js";
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

	it("the Slack post, the Teams card and their previews in Welsh keep none of the English wording", () => {
		// What the report stored at close (key points, footnotes, progression, sources) is shown as stored: left out.
		const own = sampleReport({
			takeaways: [],
			notes: [],
			byGroup: { ...report.byGroup, footnotes: [] },
			byGrade: { ...report.byGrade, footnotes: [] },
			progression: { ...report.progression, sentence: "" },
			benchmark: { ...report.benchmark, source: "X" },
			supplementary: report.supplementary.map((m) => ({
				...m,
				benchmarkSource: null,
				detail: null,
			})),
		});
		const rendered = (t: typeof welsh) =>
			[
				reportBlocks(own, t),
				reportPreviewBlocks(own, { channel: "#c", publishedOn: null }, t),
				reportPreviewBlocks(
					own,
					{ channel: "#c", publishedOn: "2026-12-15" },
					t,
				),
				reportCard(own, Buffer.alloc(1_000_000), t),
				reportPreviewCard(own, { channel: "19:c", publishedOn: null }, t),
				reportPreviewCard(
					own,
					{ channel: "19:c", publishedOn: "2026-12-15" },
					t,
				),
				reportBlocks({ ...own, published: false }, t),
				reportCard({ ...own, published: false }, undefined, t),
			]
				.map((x) => JSON.stringify(x))
				.join("\n");
		// English (UK) runs of our own wording (12 characters or more) the Welsh catalogue does not have.
		const [en, cy] = shippedCatalogues;
		const welshText = Object.values(cy?.messages ?? {}).join("\n");
		const englishOnly = Object.values(en?.messages ?? {})
			.flatMap((m) => m.split(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/))
			.map((r) => r.trim())
			.filter((r) => r.length >= 12 && !welshText.includes(r));
		const cyText = rendered(welsh);
		expect(cyText).toContain("Cyfradd ymateb:");
		expect(cyText).toContain("Postio i #c");
		expect(englishOnly.filter((w) => cyText.includes(w))).toEqual([]);
		for (const w of [
			...englishWords,
			"Post to",
			"Post again",
			"Cancel",
			"Preview",
			"Here",
		])
			expect(cyText, w).not.toContain(w);
		// The same in English (UK) does use them: the check can see English.
		const enText = rendered(english);
		expect(
			englishOnly.filter((w) => enText.includes(w)).length,
		).toBeGreaterThan(15);
	});
	it("the day the results were posted is written in the reader's language, never as an ISO date", () => {
		const posted = { channel: "#c", publishedOn: "2026-12-15" };
		const rendered = (t: typeof welsh) =>
			[
				reportPreviewBlocks(report, posted, t),
				publishActions(report, posted, t),
				reportPreviewCard(report, { ...posted, channel: "19:c" }, t),
				adminHomeView(
					{
						campaigns: [],
						open: null,
						lastReport: { report, publishedOn: "2026-12-15", channel: "#c" },
					},
					t,
				),
			]
				.map((x) => JSON.stringify(x))
				.join("\n");
		const cy = rendered(welsh);
		expect(cy).toContain("Postiwyd i #c ar 15 Rhagfyr 2026.");
		expect(cy).toContain("ar 15 Rhagfyr 2026. Eu postio eto?");
		expect(cy).toContain("14 Rhagfyr 2026");
		const en = rendered(english);
		expect(en).toContain("Posted to #c on 15 December 2026.");
		for (const text of [cy, en]) {
			expect(text).not.toContain("2026-12-15");
			expect(text).not.toContain("2026-12-14");
		}
	});
});
