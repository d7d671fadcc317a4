import type { KnownBlock, View } from "@slack/types";
import { describe, expect, it } from "vitest";
import {
	chunkedLines,
	homeView,
	ids,
	invitationBlocks,
	languageOfTrustValue,
	messageModal,
	minCellOfTrustValue,
	optedOutBlocks,
	questionModal,
	statusBlocks,
	thankYouBlocks,
	trustModal,
} from "../../../src/chat/slack/blocks.js";
import { outreachMessage } from "../../../src/chat/slack/outreach-blocks.js";
import { invitationCard } from "../../../src/chat/teams/cards/invitation-card.js";
import type { ResponseRates } from "../../../src/domain/participation/response-rates.js";
import type { Campaign } from "../../../src/domain/ports.js";
import {
	catalogue,
	questionKeys,
} from "../../../src/domain/questions/catalogue.js";
import { english } from "../../../src/text/translator.js";
import { type Json, objects, textOf } from "../../support/block-json.js";
import { sampleCampaign } from "../../support/sample-campaign.js";

const campaign: Campaign = sampleCampaign();

/** Option object: text and description ≤ 75, value ≤ 150. */
function expectOptionWithinLimits(option: Json) {
	const value = String(option.value);
	expect(textOf(option.text).length, value).toBeLessThanOrEqual(75);
	expect(textOf(option.description).length, value).toBeLessThanOrEqual(75);
	expect(value.length).toBeLessThanOrEqual(150);
}

/** Asserts the per-block limits of Slack's Block Kit limits on every block. */
function expectBlocksWithinLimits(blocks: KnownBlock[], maxBlocks: number) {
	expect(blocks.length).toBeGreaterThan(0);
	expect(blocks.length).toBeLessThanOrEqual(maxBlocks);
	for (const block of blocks as unknown as Json[]) {
		const where = JSON.stringify(block).slice(0, 80);
		if (block.block_id !== undefined)
			expect(String(block.block_id).length).toBeLessThanOrEqual(255);
		if (block.type === "section") {
			const t = textOf(block.text);
			expect(t.length, where).toBeGreaterThanOrEqual(1);
			expect(t.length, where).toBeLessThanOrEqual(3000);
			const fields = (block.fields as unknown[] | undefined) ?? [];
			expect(fields.length).toBeLessThanOrEqual(10);
			for (const f of fields)
				expect(textOf(f).length).toBeLessThanOrEqual(2000);
		}
		if (block.type === "header") {
			expect((block.text as Json).type).toBe("plain_text");
			expect(textOf(block.text).length, where).toBeLessThanOrEqual(150);
		}
		if (block.type === "actions")
			expect((block.elements as unknown[]).length).toBeLessThanOrEqual(25);
		if (block.type === "context")
			expect((block.elements as unknown[]).length).toBeLessThanOrEqual(10);
		const actionIds = objects(block)
			.map((o) => o.action_id)
			.filter((a): a is string => typeof a === "string");
		expect(new Set(actionIds).size, where).toBe(actionIds.length);
		for (const a of actionIds) expect(a.length).toBeLessThanOrEqual(255);
		for (const o of objects(block)) {
			if (typeof o.accessibility_label === "string")
				expect(o.accessibility_label.length).toBeLessThanOrEqual(75);
			if (Array.isArray(o.options)) o.options.forEach(expectOptionWithinLimits);
		}
	}
}

const inputsOf = (view: View) =>
	(view.blocks as unknown as Json[]).filter((b) => b.type === "input");

/** Asserts the view-level limits for a modal. */
function expectModalWithinLimits(view: View) {
	const v = view as unknown as Json;
	expect(v.type).toBe("modal");
	for (const key of ["title", "submit", "close"]) {
		if (v[key] === undefined) continue;
		expect((v[key] as Json).type).toBe("plain_text");
		expect(textOf(v[key]).length, key).toBeGreaterThan(0);
		expect(textOf(v[key]).length, key).toBeLessThanOrEqual(24);
	}
	expect(v.title).toBeDefined();
	if (inputsOf(view).length > 0) expect(v.submit).toBeDefined();
	if (v.private_metadata !== undefined)
		expect(String(v.private_metadata).length).toBeLessThanOrEqual(3000);
	if (v.callback_id !== undefined)
		expect(String(v.callback_id).length).toBeLessThanOrEqual(255);
	expectBlocksWithinLimits(view.blocks as KnownBlock[], 100);
}

const buttons = (blocks: KnownBlock[]) =>
	objects(blocks)
		.filter((o) => o.type === "button")
		.map((o) => o.action_id);

/** A message's JSON, after checking it against the message limits. */
function message(blocks: KnownBlock[]): string {
	expectBlocksWithinLimits(blocks, 50);
	return JSON.stringify(blocks);
}

const rate = (name: string, invited: number, responded: number) => ({
	name,
	invited,
	unreachable: 0,
	responded,
	optedOut: 0,
	rate: responded / invited,
});

const rates: ResponseRates = {
	overall: rate("Organisation", 120, 84),
	groups: [rate("Sales", 40, 20), rate("Engineering", 80, 64)],
};

describe("messages (≤ 50 blocks)", () => {
	it("invitation has the answer and opt-out buttons", () => {
		const blocks = invitationBlocks(campaign, english);
		expect(message(blocks)).toContain(
			"Open until the end of Monday 14 December 2026.",
		);
		expect(message(blocks)).not.toContain("2026-12-14");
		expect(buttons(blocks)).toEqual(
			expect.arrayContaining(["census_answer", "census_optout"]),
		);
	});

	it("invitation says who runs the census, whom to ask, and links the privacy notice", () => {
		const blocks = invitationBlocks(
			sampleCampaign({
				organiser: {
					runBy: "People team",
					contact: "people@acme.co.uk",
					privacyUrl: "https://intranet.acme.co.uk/privacy",
					message: "Please take part: it helps us act where it matters.",
				},
			}),
			english,
		);
		const json = message(blocks);
		expect(json).toContain(
			"*People team* is running this census and asks you to take part.",
		);
		expect(json).toContain(
			"\u201cPlease take part: it helps us act where it matters.\u201d",
		);
		expect(json).toContain("Questions? Ask people@acme.co.uk.");
		expect(json).toContain("How the results are used.");
		expect(json).toContain("groups of at least 10 answers");
		const link = objects(blocks).find((o) => o.action_id === ids.privacyNotice);
		expect(link?.url).toBe("https://intranet.acme.co.uk/privacy");
	});

	it("invitation escapes what the organisation typed, and states its own minimum group", () => {
		const json = message(
			invitationBlocks(
				sampleCampaign({
					minCellSize: 15,
					organiser: {
						runBy: "<!channel>",
						contact: "<@U0BOSS>",
						privacyUrl: null,
						message: "<https://x.example|y>",
					},
				}),
				english,
			),
		);
		expect(json).not.toMatch(/<!channel>|<@U0BOSS>|<https:/);
		expect(json).toContain("&lt;!channel&gt;");
		expect(json).toContain("groups of at least 15 answers");
		expect(json).not.toContain("Privacy notice");
	});

	it("the invitation's, the reminder's and the opted-out message's Answer and Don't remind me name their campaign", () => {
		const valuesOf = (blocks: KnownBlock[]) =>
			objects(blocks as unknown as Json)
				.filter(
					(o) =>
						o.action_id === "census_answer" || o.action_id === "census_optout",
				)
				.map((o) => o.value);
		const reminder = outreachMessage(
			{
				id: "d1",
				campaignId: campaign.id,
				kind: "reminder",
				wave: 1,
				employeeId: null,
				recipient: "U1",
				payload: null,
				slackUserId: "U1",
				teamsUserId: null,
				participation: "invited",
				campaignStatus: "open",
			},
			campaign,
			english,
		).blocks;
		for (const blocks of [invitationBlocks(campaign, english), reminder])
			expect(valuesOf(blocks)).toEqual([campaign.id, campaign.id]);
		expect(valuesOf(optedOutBlocks(campaign, english))).toEqual([campaign.id]);
	});

	it("thank-you message says nothing about the answer", () => {
		const json = message(thankYouBlocks(english));
		expect(buttons(thankYouBlocks(english))).toEqual([]);
		for (const q of Object.values(catalogue)) {
			for (const o of q.options) {
				expect(json).not.toContain(o.id);
				expect(json).not.toContain(o.text);
				const label = new RegExp(
					`\\b${o.label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`,
				);
				expect(json, o.label).not.toMatch(label);
			}
		}
	});

	it("opted-out message can still be answered", () => {
		message(optedOutBlocks(campaign, english));
		expect(buttons(optedOutBlocks(campaign, english))).toEqual([
			"census_answer",
		]);
	});

	it("status shows participation overall and by group, sorted by name", () => {
		const json = message(statusBlocks(campaign, rates));
		expect(json).toContain("70% responded (84 of 120; target 70%)");
		expect(json.indexOf("Engineering: 80%")).toBeLessThan(
			json.indexOf("Sales: 50%"),
		);
		const none = { overall: rates.overall, groups: [] };
		expect(message(statusBlocks(campaign, none))).toContain(
			"No reporting groups.",
		);
	});

	// A large organisation (70 groups with long names) needs more than one 3000-character section.
	it("status stays within the section limit for many reporting groups, and lists them all", () => {
		const groups = Array.from({ length: 70 }, (_, i) =>
			rate(`Customer Operations and Service Delivery ${i + 10}`, 25, 12),
		);
		const json = message(
			statusBlocks(campaign, { overall: rates.overall, groups }),
		);
		for (const g of groups) expect(json).toContain(`${g.name}: 48% (12 of 25)`);
	});

	it("status says how many could not be reached, apart from the rate", () => {
		const json = message(
			statusBlocks(campaign, {
				overall: { ...rates.overall, unreachable: 6 },
				groups: rates.groups,
			}),
		);
		expect(json).toContain(
			"(84 of 120; target 70%; 6 could not be reached and are not counted)",
		);
		expect(message(statusBlocks(campaign, rates))).not.toContain(
			"could not be reached",
		);
	});

	it("status says how many groups it left out when there are too many to show", () => {
		const groups = Array.from({ length: 3000 }, (_, i) =>
			rate(`Customer Operations and Service Delivery ${i + 10}`, 25, 12),
		);
		const json = message(
			statusBlocks(campaign, { overall: rates.overall, groups }),
		);
		expect(json).toMatch(/and [\d,]+ more groups/);
	});
});

describe("chunkedLines", () => {
	const line = (i: number) => `line ${i} ${"x".repeat(90)}`;
	const more = (left: number) => `\u2026 and ${left} more.`;

	it("packs lines in order into as few texts as fit the limit", () => {
		const lines = Array.from({ length: 100 }, (_, i) => line(i));
		const chunks = chunkedLines(lines, { maxChunks: 10, more });
		expect(chunks.length).toBe(4);
		for (const c of chunks) expect(c.length).toBeLessThanOrEqual(3000);
		expect(chunks.join("\n")).toBe(lines.join("\n"));
	});

	it("never exceeds maxChunks, and the last text says how many lines it left out", () => {
		const lines = Array.from({ length: 1000 }, (_, i) => line(i));
		const chunks = chunkedLines(lines, { maxChunks: 3, more });
		expect(chunks.length).toBe(3);
		for (const c of chunks) expect(c.length).toBeLessThanOrEqual(3000);
		const shown = chunks.join("\n").split("\n");
		const left = Number(shown.at(-1)?.match(/and (\d+) more/)?.[1]);
		expect(shown.length - 1 + left).toBe(1000);
		expect(shown.slice(0, -1)).toEqual(lines.slice(0, shown.length - 1));
	});

	it("cuts a single line longer than the limit", () => {
		const [only] = chunkedLines(["y".repeat(5000)], { maxChunks: 1, more });
		expect(only?.length).toBe(3000);
	});
});

describe("modals (≤ 100 blocks)", () => {
	it("question modal offers exactly the catalogue's option ids for each question", () => {
		const view = questionModal(campaign, english);
		expectModalWithinLimits(view);
		expect(view.callback_id).toBe(ids.answerModal);
		const inputs = inputsOf(view);
		expect(inputs.map((b) => b.block_id)).toEqual(
			questionKeys.map((k) => `q_${k}`),
		);
		for (const key of questionKeys) {
			const block = inputs.find((b) => b.block_id === `q_${key}`) as Json;
			const values = ((block.element as Json).options as Json[]).map(
				(o) => o.value,
			);
			expect(values).toEqual(catalogue[key].options.map((o) => o.id));
			expect(values).toContain(catalogue[key].preferNotToSay);
			expect(block.optional).toBe(key !== "key");
		}
	});

	it("question modal asks only the campaign's questions", () => {
		const view = questionModal({ ...campaign, questions: ["key"] }, english);
		expectModalWithinLimits(view);
		expect(inputsOf(view)).toHaveLength(1);
	});

	it("question modal carries the campaign id and nothing about the user", () => {
		const view = questionModal(campaign, english);
		expect(view.private_metadata).toBe(campaign.id);
		expect(JSON.stringify(view)).not.toContain(campaign.startedBy);
	});

	it("message and trust modals fit, with no metadata", () => {
		for (const view of [
			trustModal(english, 10),
			messageModal(
				"Background census",
				"There's no census open right now.",
				english,
			),
			messageModal("Background census", ["one", "two"], english),
		]) {
			expectModalWithinLimits(view);
			expect(view.private_metadata).toBeUndefined();
			expect(view.submit).toBeUndefined();
		}
		expect(messageModal("t", ["one", "two"], english).blocks).toHaveLength(2);
	});
});

describe("the trust statement states the campaign's own k", () => {
	it("says the smallest group the campaign shows, carried by the trust button, and guesses no k for an old button", () => {
		const strict = { ...campaign, minCellSize: 25 };
		const button = JSON.stringify(invitationBlocks(strict, english));
		const value = /"value":"(trust:[^"]+)"/.exec(button)?.[1];
		expect(value).toBe("trust:en-GB:25");
		expect(minCellOfTrustValue(value)).toBe(25);
		expect(languageOfTrustValue(value)).toBe("en-GB");
		const modal = JSON.stringify(
			trustModal(english, minCellOfTrustValue(value)),
		);
		expect(modal).toContain("at least 25 answers");
		expect(modal).not.toContain("at least 10 answers");
		// Sent before the value carried k: what leaders see is left unsaid rather than stated wrongly.
		expect(minCellOfTrustValue("trust:cy")).toBeNull();
		expect(languageOfTrustValue("trust:cy")).toBe("cy");
		expect(JSON.stringify(trustModal(english, null))).not.toContain("at least");
		const teams = JSON.stringify(invitationCard(strict, english));
		expect(teams).toContain("at least 25 answers");
	});
});

describe("App Home (≤ 100 blocks)", () => {
	const states: [string, Campaign | null, string | null, string[]][] = [
		["no census", null, null, []],
		["responded", campaign, "responded", []],
		["not on the roster", campaign, null, []],
		["invited", campaign, "invited", ["census_answer"]],
		["pending", campaign, "pending", ["census_answer"]],
		["opted out", campaign, "opted_out", ["census_answer"]],
	];

	it.each(states)(
		"fits and offers the right buttons: %s",
		(_, c, status, expected) => {
			const view = homeView({ campaign: c, status }, english);
			expect(view.type).toBe("home");
			expect(view.private_metadata).toBeUndefined();
			expectBlocksWithinLimits(view.blocks as KnownBlock[], 100);
			expect(buttons(view.blocks as KnownBlock[])).toEqual(expected);
			if (c) expect(JSON.stringify(view)).toContain(c.name);
		},
	);
});
