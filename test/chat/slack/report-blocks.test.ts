import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { ids } from "../../../src/chat/slack/blocks.js";
import {
	publishActions,
	reportBlocks,
	reportPreviewBlocks,
} from "../../../src/chat/slack/report-blocks.js";
import type {
	BreakdownRow,
	CampaignReport,
} from "../../../src/domain/reporting/campaign-report.js";
import { type Json, objects, textOf } from "../../support/block-json.js";
import { sampleReport } from "../../support/sample-report.js";

/** Message limits of Slack's Block Kit limits, plus the button and confirm-dialog limits in @slack/types' JSDoc. */
function expectMessageWithinLimits(blocks: KnownBlock[]) {
	expect(blocks.length).toBeGreaterThan(0);
	expect(blocks.length).toBeLessThanOrEqual(50);
	for (const block of blocks as unknown as Json[]) {
		const where = JSON.stringify(block).slice(0, 80);
		if (block.block_id !== undefined)
			expect(String(block.block_id).length).toBeLessThanOrEqual(255);
		if (block.type === "section") {
			expect(textOf(block.text).length, where).toBeGreaterThanOrEqual(1);
			expect(textOf(block.text).length, where).toBeLessThanOrEqual(3000);
		}
		if (block.type === "header") {
			expect((block.text as Json).type).toBe("plain_text");
			expect(textOf(block.text).length, where).toBeLessThanOrEqual(150);
		}
		if (block.type === "context") {
			const elements = block.elements as Json[];
			expect(elements.length).toBeGreaterThanOrEqual(1);
			expect(elements.length).toBeLessThanOrEqual(10);
			for (const e of elements)
				expect(textOf(e).length, where).toBeLessThanOrEqual(3000);
		}
		if (block.type === "actions")
			expect((block.elements as unknown[]).length).toBeLessThanOrEqual(25);
	}
	for (const button of objects(blocks).filter((o) => o.type === "button")) {
		expect(textOf(button.text).length).toBeLessThanOrEqual(75);
		expect(String(button.value).length).toBeLessThanOrEqual(2000);
		const confirm = button.confirm as Json;
		expect(textOf(confirm.title).length).toBeLessThanOrEqual(100);
		expect(textOf(confirm.text).length).toBeLessThanOrEqual(300);
		expect(textOf(confirm.confirm).length).toBeLessThanOrEqual(30);
		expect(textOf(confirm.deny).length).toBeLessThanOrEqual(30);
	}
}

/** Every text a reader can see, in block order. */
const texts = (blocks: KnownBlock[]) =>
	objects(blocks)
		.map((o) => o.text)
		.filter((t): t is string => typeof t === "string");

/** The lines of all section texts. */
const lines = (blocks: KnownBlock[]) =>
	(blocks as unknown as Json[])
		.filter((b) => b.type === "section")
		.flatMap((b) => textOf(b.text).split("\n"));

const percentsIn = (value: string) =>
	[...value.matchAll(/(\d+(?:\.\d+)?)\s?%/g)].map((m) => Number(m[1]));

/** Every percentage the report holds, as a number or inside one of its sentences. */
function reportPercents(r: CampaignReport): Set<number> {
	const tables = [r.byGroup, r.byGrade];
	const numbers = [
		r.responseRatePercent,
		r.targetRatePercent,
		r.classifiableRatePercent,
		...r.groups.flatMap((g) => [g.percent, g.benchmarkPercent]),
		...tables.flatMap((t) =>
			t.rows.flatMap((row) => Object.values(row.shares)),
		),
		...r.supplementary.flatMap((m) => [m.percent, m.benchmarkPercent]),
		...r.progression.workingClassByGrade.map((g) => g.percent),
	];
	const sentences = [
		...r.takeaways,
		r.progression.sentence,
		...r.notes,
		...tables.flatMap((t) => t.footnotes),
		...r.supplementary.flatMap((m) => [m.detail ?? "", m.label]),
		r.benchmark.source,
	];
	return new Set([
		...numbers.filter((n): n is number => n !== null),
		...sentences.flatMap(percentsIn),
	]);
}

function expectOnlyReportPercents(blocks: KnownBlock[], r: CampaignReport) {
	const allowed = reportPercents(r);
	const printed = texts(blocks).flatMap(percentsIn);
	expect(printed.length).toBeGreaterThan(0);
	for (const p of printed) expect(allowed, `${p}%`).toContain(p);
}

/** The line of a breakdown row, found by its bold name. */
const rowLine = (blocks: KnownBlock[], name: string) =>
	lines(blocks).find((l) => l.startsWith(`*${name}* \u2014`));

const row = (name: string, shares: BreakdownRow["shares"]): BreakdownRow => ({
	name,
	members: [name],
	status: "shown",
	answers: 95,
	shares,
	step: 5,
});

/** A report with `count` departments whose names are long, and long text everywhere else. */
function hugeReport(count: number): CampaignReport {
	const base = sampleReport();
	const rows = Array.from({ length: count }, (_, i) =>
		row(
			`Customer Operations, Service Delivery and Platform Reliability (Northern Region) ${1000 + i}`,
			{ professional: 55, intermediate: 20, working_class: 25 },
		),
	);
	return sampleReport({
		campaignName: `Census ${"of the whole organisation ".repeat(12)}`,
		byGroup: {
			...base.byGroup,
			rows,
			footnotes: rows.map((r) => `${r.name} includes ${"a team ".repeat(20)}`),
		},
		takeaways: base.takeaways.map((t) => t.repeat(40)),
		notes: Array.from(
			{ length: 40 },
			(_, i) => `Note ${i}: ${"x".repeat(400)}`,
		),
	});
}

describe("reportBlocks (leadership post)", () => {
	const report = sampleReport();
	const blocks = reportBlocks(report);
	const all = texts(blocks).join("\n");

	it("fits a message and reads top to bottom: header, response, takeaways, shares, progression", () => {
		expectMessageWithinLimits(blocks);
		expect(blocks[0]).toEqual({
			type: "header",
			text: { type: "plain_text", text: "Census 2026: results" },
		});
		const order = [
			"71% (341 of 480; target 70%)",
			"*Classifiable:* 90%",
			report.takeaways[0] ?? "",
			"Working-class background: *30%* (UK workforce 39%)",
			report.progression.sentence,
			"*By department*",
			"*By grade (junior to senior)*",
			"*Other measures*",
			"Benchmark: Social Mobility Commission",
		];
		const at = order.map((s) => all.indexOf(s));
		expect(
			at.every((i) => i >= 0),
			JSON.stringify(at),
		).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
		for (const t of report.takeaways) expect(all).toContain(t);
	});

	it("shows each row status in one short line, with a legend for the column letters", () => {
		expect(all).toContain(
			"*By department* (P professional, I intermediate, WC working class)",
		);
		expect(rowLine(blocks, "Engineering")).toBe(
			"*Engineering* \u2014 P 55% \u00b7 I 20% \u00b7 WC 25% (about 95 answers)",
		);
		expect(rowLine(blocks, "Operations")).toContain("I [c]");
		expect(rowLine(blocks, "Sales")).toBe(
			"*Sales* \u2014 Professional or intermediate 50% \u00b7 Working class 50% (about 40 answers)",
		);
		expect(rowLine(blocks, "Other")).toBe(
			"*Other* \u2014 fewer than 10 answers",
		);
		expect(rowLine(blocks, "Legal")).toBe(
			"*Legal* \u2014 not shown so that no one's answer can be worked out",
		);
		for (const r of report.byGrade.rows)
			expect(rowLine(blocks, r.name)).toBeDefined();
	});

	it("prints no share that is not in the report", () => {
		expectOnlyReportPercents(blocks, report);
		const odd = sampleReport({
			groups: report.groups.map((g, i) => ({
				...g,
				percent: i === 1 ? null : 33 + i,
			})),
			byGroup: {
				...report.byGroup,
				rows: [
					row("Finance", {
						professional: 61,
						intermediate: null,
						working_class: 17,
					}),
				],
			},
		});
		const oddBlocks = reportBlocks(odd);
		expectOnlyReportPercents(oddBlocks, odd);
		expect(texts(oddBlocks).join("\n")).toContain(
			"Intermediate background: *[c]*",
		);
	});

	it("prints each row's shares and nothing else on its line", () => {
		for (const table of [report.byGroup, report.byGrade])
			for (const r of table.rows) {
				const expected = Object.values(r.shares).filter(
					(s): s is number => s !== null,
				);
				expect(percentsIn(rowLine(blocks, r.name) ?? ""), r.name).toEqual(
					expected,
				);
			}
	});

	it("a hidden or too-few row prints no percentage, even if it carried shares", () => {
		const leaky = sampleReport({
			byGroup: {
				...report.byGroup,
				rows: [
					{
						...row("Audit", { professional: 77, working_class: 23 }),
						status: "hidden",
					},
					{
						...row("Tax", { professional: 81 }),
						status: "too-few",
						answers: null,
					},
				],
			},
		});
		const out = reportBlocks(leaky);
		expect(rowLine(out, "Audit")).toBe(
			"*Audit* \u2014 not shown so that no one's answer can be worked out",
		);
		expect(rowLine(out, "Tax")).toBe("*Tax* \u2014 fewer than 10 answers");
		const json = JSON.stringify(out);
		for (const p of ["77%", "23%", "81%"]) expect(json).not.toContain(p);
	});

	it("shows supplementary measures with their benchmark or as context only", () => {
		expect(all).toContain(
			"Went to an independent (fee-paying) school: *15%* of about 290 answers \u2014 benchmark 7%, Elitist Britain 2019",
		);
		expect(all).toContain("A further 5% had a bursary");
		expect(all).toContain(
			"Eligible for free school meals: *10%* of about 250 answers \u2014 context only",
		);
		expect(all).toContain(
			"First in their family to get a degree: fewer than 10 answers \u2014 context only",
		);
	});

	it("puts footnotes and notes in context blocks, with column keys in words", () => {
		const notes = sampleReport({
			notes: ["Response in Legal changed since the last report."],
		});
		const out = reportBlocks(notes) as unknown as Json[];
		const contexts = out
			.filter((b) => b.type === "context")
			.map((b) => (b.elements as Json[]).map(textOf).join("\n"))
			.join("\n");
		expect(contexts).toContain("Other includes Facilities and Security.");
		expect(contexts).toContain(
			"G4 Senior manager and G5 Director are shown together.",
		);
		expect(contexts).toContain(
			"Response in Legal changed since the last report.",
		);
		expect(contexts).toContain(
			"For Sales, professional and intermediate backgrounds are shown together.",
		);
		expect(contexts).not.toMatch(/working_class|professional_or_intermediate/);
	});

	it("escapes names so they cannot become links or mentions", () => {
		const out = reportBlocks(
			sampleReport({
				byGroup: {
					...report.byGroup,
					rows: [
						row("R&D <!channel>", {
							professional: 50,
							intermediate: 25,
							working_class: 25,
						}),
					],
				},
			}),
		);
		expect(rowLine(out, "R&amp;D &lt;!channel&gt;")).toBeDefined();
		expect(JSON.stringify(out)).not.toContain("<!channel>");
	});

	it("unpublished report shows the header, the response line and the reason only", () => {
		const unpublished = sampleReport({
			published: false,
			classified: null,
			classifiableRatePercent: null,
			notes: ["Fewer than 10 classifiable answers: no breakdown is published."],
		});
		const out = reportBlocks(unpublished);
		expectMessageWithinLimits(out);
		expect(out.map((b) => b.type)).toEqual(["header", "section", "section"]);
		const json = JSON.stringify(out);
		expect(json).toContain("71% (341 of 480; target 70%)");
		expect(json).toContain("Fewer than 10 classifiable answers");
		for (const hidden of [
			"UK workforce",
			"[c]",
			"Engineering",
			"G1 Associate",
			"Classifiable:",
			unpublished.takeaways[0] ?? "",
			unpublished.progression.sentence,
			"independent",
		])
			expect(json).not.toContain(hidden);
		const silent = reportBlocks({ ...unpublished, notes: [] });
		expect(JSON.stringify(silent)).toContain(
			"Fewer than 10 answers could be placed in a background group",
		);
	});
});

describe("reportBlocks limits", () => {
	it("60 departments with long names fit one message, in several sections, all listed", () => {
		const report = hugeReport(60);
		const blocks = reportBlocks(report);
		expectMessageWithinLimits(blocks);
		for (const r of report.byGroup.rows)
			expect(rowLine(blocks, r.name), r.name).toBeDefined();
		const departmentSections = (blocks as unknown as Json[]).filter(
			(b) =>
				b.type === "section" &&
				textOf(b.text).includes("Customer Operations, Service Delivery"),
		);
		expect(departmentSections.length).toBeGreaterThan(1);
		for (const r of report.byGrade.rows)
			expect(rowLine(blocks, r.name)).toBeDefined();
		expectOnlyReportPercents(blocks, report);
	});

	it("a report too long for one message says how many rows it left out, and keeps the grades", () => {
		const report = hugeReport(1000);
		for (const blocks of [
			reportBlocks(report),
			reportPreviewBlocks(report, {
				channel: "#leadership",
				publishedOn: null,
			}),
		]) {
			expectMessageWithinLimits(blocks);
			const shown = new Set(lines(blocks));
			const listed = report.byGroup.rows.filter((r) =>
				[...shown].some((l) => l.startsWith(`*${r.name}* \u2014`)),
			);
			const more = texts(blocks)
				.join("\n")
				.match(/\u2026 and (\d+) more rows\./);
			expect(more).not.toBeNull();
			expect(listed.length + Number(more?.[1])).toBe(1000);
			for (const r of report.byGrade.rows)
				expect(rowLine(blocks, r.name)).toBeDefined();
			expect(texts(blocks).join("\n")).toContain("more notes.");
			expect((blocks.at(-1) as unknown as Json).type).toBe(
				blocks[0]?.type === "context" ? "actions" : "context",
			);
		}
	});

	it("a long campaign name is cut to the header limit", () => {
		const blocks = reportBlocks(
			sampleReport({ campaignName: "n".repeat(400) }),
		);
		expectMessageWithinLimits(blocks);
		expect(textOf((blocks[0] as unknown as Json).text)).toMatch(/^n+\u2026$/);
	});
});

describe("reportPreviewBlocks (/census results)", () => {
	const report = sampleReport();

	it("says nothing is posted yet, shows the report, and offers to post it", () => {
		const blocks = reportPreviewBlocks(report, {
			channel: "#leadership",
			publishedOn: null,
		});
		expectMessageWithinLimits(blocks);
		expect(blocks[0]).toEqual({
			type: "context",
			elements: [
				{
					type: "mrkdwn",
					text: "Preview \u2014 only you can see this. Nothing has been posted yet.",
					verbatim: true,
				},
			],
		});
		expect(blocks.slice(1, -1)).toEqual(reportBlocks(report));
		const buttons = objects(blocks).filter((o) => o.type === "button");
		expect(buttons).toHaveLength(1);
		expect(buttons[0]).toMatchObject({
			action_id: "census_publish",
			value: "cmp_sample",
			style: "primary",
			text: { type: "plain_text", text: "Post to #leadership" },
		});
		expect(ids.publish).toBe("census_publish");
		expect(textOf(((buttons[0]?.confirm ?? {}) as Json).text)).toContain(
			"#leadership",
		);
	});

	it("once posted, says where and when, and offers to post again", () => {
		const blocks = reportPreviewBlocks(report, {
			channel: "#leadership",
			publishedOn: "2026-12-15",
		});
		expectMessageWithinLimits(blocks);
		expect(texts(blocks)).toContain(
			"Posted to #leadership on 15 December 2026.",
		);
		expect(texts(blocks).join("\n")).not.toContain("Nothing has been posted");
		const button = objects(blocks).find((o) => o.type === "button");
		expect(textOf(button?.text)).toBe("Post again to #leadership");
		expect(textOf(((button?.confirm ?? {}) as Json).text)).toContain(
			"15 December 2026",
		);
	});

	it("an unpublished report can still be previewed and posted", () => {
		const blocks = reportPreviewBlocks(sampleReport({ published: false }), {
			channel: "#leadership",
			publishedOn: null,
		});
		expect(blocks.map((b) => b.type)).toEqual([
			"context",
			"header",
			"section",
			"section",
			"actions",
		]);
	});

	it("a long channel name or campaign name stays within the button and dialog limits", () => {
		const long = sampleReport({ campaignName: "c".repeat(500) });
		const actions = publishActions(long, {
			channel: `#${"leadership-".repeat(20)}`,
			publishedOn: "2026-12-15",
		});
		expectMessageWithinLimits([actions]);
	});
});
