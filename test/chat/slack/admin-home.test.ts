import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import {
	type AdminCampaign,
	type AdminHome,
	adminHomeView,
} from "../../../src/chat/slack/admin-home.js";
import type { ResponseRate } from "../../../src/domain/participation/response-rates.js";
import type { CampaignReport } from "../../../src/domain/reporting/campaign-report.js";
import { type Json, objects, textOf } from "../../support/block-json.js";
import { sampleReport } from "../../support/sample-report.js";

/** Home tab limits of Slack's Block Kit limits: 100 blocks, section 3000, header 150, context 10 elements. */
function expectHomeWithinLimits(blocks: KnownBlock[]) {
	expect(blocks.length).toBeGreaterThan(0);
	expect(blocks.length).toBeLessThanOrEqual(100);
	for (const block of blocks as unknown as Json[]) {
		const where = JSON.stringify(block).slice(0, 80);
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
			expect(elements.length).toBeLessThanOrEqual(10);
			for (const e of elements)
				expect(textOf(e).length, where).toBeLessThanOrEqual(3000);
		}
	}
	for (const button of objects(blocks).filter((o) => o.type === "button"))
		expect(textOf(button.text).length).toBeLessThanOrEqual(75);
}

const texts = (blocks: KnownBlock[]) =>
	objects(blocks)
		.map((o) => o.text)
		.filter((t): t is string => typeof t === "string")
		.join("\n");

const buttons = (blocks: KnownBlock[]) =>
	objects(blocks).filter((o) => o.type === "button");

const rate = (
	name: string,
	invited: number,
	responded: number,
): ResponseRate => ({
	name,
	invited,
	unreachable: 0,
	responded,
	optedOut: 0,
	rate: invited === 0 ? 0 : responded / invited,
});

const campaign = (
	name: string,
	closesOn: string,
	status: AdminCampaign["status"] = "closed",
	publishedOn: string | null = null,
): AdminCampaign => ({
	id: `cmp_${name.replace(/\W/g, "")}`,
	name,
	status,
	closesOn,
	responseRatePercent: 71,
	publishedOn,
});

const open: NonNullable<AdminHome["open"]> = {
	name: "Census 2027",
	closesOn: "2027-12-14",
	targetRate: 70,
	rates: {
		overall: rate("Organisation", 120, 84),
		groups: [rate("Sales", 30, 20), rate("Engineering", 90, 64)],
	},
};

function view(input: Partial<AdminHome>) {
	const home = adminHomeView({
		campaigns: [],
		open: null,
		lastReport: null,
		...input,
	});
	expect(home.type).toBe("home");
	expect(home.private_metadata).toBeUndefined();
	const blocks = home.blocks as KnownBlock[];
	expectHomeWithinLimits(blocks);
	expect(blocks[0]).toEqual({
		type: "header",
		text: { type: "plain_text", text: "Census admin" },
	});
	return blocks;
}

describe("admin App Home", () => {
	it("with nothing yet, says how to begin and nothing else", () => {
		const blocks = view({});
		expect(blocks).toHaveLength(3);
		expect(texts(blocks)).toContain(
			"No campaigns yet. Run `/census start` to begin.",
		);
		expect(buttons(blocks)).toEqual([]);
	});

	it("shows the open campaign's participation overall and by group, sorted by name, in whole percentages", () => {
		const blocks = view({
			campaigns: [campaign("Census 2027", "2027-12-14", "open")],
			open,
		});
		const all = texts(blocks);
		expect(all).toContain(
			"*Open: Census 2027*, closes at the end of Tuesday 14 December 2027",
		);
		expect(all).toContain("*70%* responded (84 of 120; target 70%)");
		expect(all).toContain("\u2022 Engineering: 71% (64 of 90)");
		expect(all).toContain("\u2022 Sales: 67% (20 of 30)");
		expect(all.indexOf("Engineering: 71%")).toBeLessThan(
			all.indexOf("Sales: 67%"),
		);
		expect(all).toContain("answers stay sealed until it closes");
		expect(buttons(blocks)).toEqual([]);
	});

	it("with no open campaign, says so", () => {
		const blocks = view({ campaigns: [campaign("Census 2026", "2026-12-14")] });
		expect(texts(blocks)).toContain("*No census is open.*");
	});

	it("lists campaigns newest first with status and rate, at most 20", () => {
		const campaigns = Array.from({ length: 25 }, (_, i) =>
			campaign(
				`Census ${2000 + i}`,
				`${2000 + i}-12-14`,
				"closed",
				i % 2 ? `${2000 + i}-12-20` : null,
			),
		);
		campaigns.push(
			campaign("Pilot", "2030-01-31", "draft"),
			campaign("Census 2029", "2029-12-14", "open"),
			campaign("Census 2028", "2028-12-14", "closing"),
		);
		const all = texts(view({ campaigns }));
		expect(all).toContain("\u2022 *Pilot*: draft");
		expect(all).toContain(
			"\u2022 *Census 2029*: open until the end of Friday 14 December 2029, 71% responded",
		);
		expect(all).toContain("\u2022 *Census 2028*: closing, 71% responded");
		expect(all).toContain(
			"\u2022 *Census 2024*: closed 14 December 2024, 71% responded \u00b7 results not posted",
		);
		expect(all).toContain(
			"\u2022 *Census 2023*: closed 14 December 2023, 71% responded \u00b7 results posted 20 December 2023",
		);
		const order = [
			"Pilot",
			"Census 2029",
			"Census 2028",
			"Census 2024",
			"Census 2008",
		];
		const at = order.map((n) => all.indexOf(`*${n}*`));
		expect([...at].sort((a, b) => a - b)).toEqual(at);
		expect(all).not.toContain("*Census 2007*");
		expect(all).toContain("\u2026 and 8 older campaigns.");
	});

	it("shows the last report's headline and the publish button while it is not posted", () => {
		const report = sampleReport();
		const blocks = view({
			campaigns: [campaign("Census 2026", "2026-12-14")],
			lastReport: { report, publishedOn: null, channel: "#leadership" },
		});
		const all = texts(blocks);
		expect(all).toContain(
			"*Latest results: Census 2026* (closed 14 December 2026)",
		);
		expect(all).toContain("Not posted yet");
		expect(all).toContain("Working-class background: *30%* (UK workforce 39%)");
		expect(all).toContain(report.progression.sentence);
		for (const t of report.takeaways) expect(all).toContain(t);
		expect(all).not.toContain("Engineering");
		const [button, ...others] = buttons(blocks);
		expect(others).toEqual([]);
		expect(button).toMatchObject({
			action_id: "census_publish",
			value: "cmp_sample",
			style: "primary",
			text: { type: "plain_text", text: "Post to #leadership" },
		});
		expect(button?.confirm).toBeDefined();
	});

	it("once posted, says where and when and offers no button", () => {
		const blocks = view({
			lastReport: {
				report: sampleReport(),
				publishedOn: "2026-12-15",
				channel: "#leadership",
			},
		});
		expect(texts(blocks)).toContain(
			"Posted to #leadership on 15 December 2026.",
		);
		expect(buttons(blocks)).toEqual([]);
	});

	it("without a channel, the button still says where it posts", () => {
		const blocks = view({
			lastReport: { report: sampleReport(), publishedOn: null },
		});
		expect(textOf(buttons(blocks)[0]?.text)).toBe(
			"Post to the leadership channel",
		);
	});

	it("prints no share of the report that is not in it", () => {
		const report = sampleReport();
		const blocks = view({ lastReport: { report, publishedOn: null } });
		const allowed = new Set<number>([
			report.responseRatePercent,
			report.targetRatePercent,
			...(report.classifiableRatePercent === null
				? []
				: [report.classifiableRatePercent]),
			...report.groups.flatMap((g) =>
				g.percent === null
					? [g.benchmarkPercent]
					: [g.percent, g.benchmarkPercent],
			),
			...[...report.takeaways, report.progression.sentence].flatMap((s) =>
				[...s.matchAll(/(\d+)%/g)].map((m) => Number(m[1])),
			),
		]);
		const printed = [...texts(blocks).matchAll(/(\d+)\s?%/g)].map((m) =>
			Number(m[1]),
		);
		expect(printed.length).toBeGreaterThan(0);
		for (const p of printed) expect(allowed, `${p}%`).toContain(p);
	});

	it("an unpublished report shows the response rate and the reason, no shares", () => {
		const report: CampaignReport = sampleReport({
			published: false,
			notes: ["Fewer than 10 classifiable answers: no breakdown is published."],
		});
		const all = texts(view({ lastReport: { report, publishedOn: null } }));
		expect(all).toContain("71% (341 of 480; target 70%)");
		expect(all).toContain("Fewer than 10 classifiable answers");
		expect(all).not.toContain("UK workforce");
		expect(all).not.toContain(report.takeaways[0]);
	});

	it("a large organisation stays within the Home tab limits and says how many groups it left out", () => {
		const groups = Array.from({ length: 5000 }, (_, i) =>
			rate(
				`Customer Operations and Service Delivery (Northern Region) ${10000 + i}`,
				25,
				12,
			),
		);
		const campaigns = Array.from({ length: 60 }, (_, i) =>
			campaign(
				`${"Census of the whole organisation ".repeat(8)}${i}`,
				`${2000 + i}-12-14`,
			),
		);
		const blocks = view({
			campaigns,
			open: {
				...open,
				name: "o".repeat(500),
				rates: { overall: open.rates.overall, groups },
			},
			lastReport: {
				report: sampleReport({
					campaignName: "n".repeat(500),
					takeaways: ["t".repeat(5000), "u".repeat(5000), "v".repeat(5000)],
				}),
				publishedOn: null,
				channel: `#${"leadership-".repeat(20)}`,
			},
		});
		expect(blocks.length).toBeGreaterThan(50);
		const all = texts(blocks);
		const left = Number(
			all.match(/\u2026 and ([\d,]+) more groups?\./)?.[1]?.replace(",", ""),
		);
		const listed = groups.filter((g) =>
			all.includes(`\u2022 ${g.name}: 48% (12 of 25)`),
		);
		expect(listed.length + left).toBe(groups.length);
		expect(all).toContain("Latest results:");
		expect(buttons(blocks)).toHaveLength(1);
	});
});
