import { describe, expect, it } from "vitest";
import type { AdaptiveCard } from "../../../src/chat/teams/cards/adaptive-card.js";
import { verbs } from "../../../src/chat/teams/cards/adaptive-card.js";
import { invitationCard } from "../../../src/chat/teams/cards/invitation-card.js";
import { messageCard } from "../../../src/chat/teams/cards/message-card.js";
import { nudgeCard } from "../../../src/chat/teams/cards/nudge-card.js";
import { optedOutCard } from "../../../src/chat/teams/cards/opted-out-card.js";
import { postCard } from "../../../src/chat/teams/cards/post-card.js";
import {
	questionCard,
	questionInputId,
} from "../../../src/chat/teams/cards/question-card.js";
import { reminderCard } from "../../../src/chat/teams/cards/reminder-card.js";
import {
	reportCard,
	reportPreviewCard,
} from "../../../src/chat/teams/cards/report-card.js";
import { thankYouCard } from "../../../src/chat/teams/cards/thank-you-card.js";
import { teamsOutreachActivity } from "../../../src/chat/teams/teams-outreach-activity.js";
import type { ClaimedDelivery } from "../../../src/domain/deliveries/outbox-store.js";
import type { Campaign } from "../../../src/domain/ports.js";
import {
	catalogue,
	questionKeys,
} from "../../../src/domain/questions/catalogue.js";
import { chartAltText } from "../../../src/reports/chart-alt-text.js";
import { renderChartPng } from "../../../src/reports/render-chart-png.js";
import { english } from "../../../src/text/translator.js";
import { compileCardSchema } from "../../support/adaptive-card-schema.js";
import { sampleCampaign } from "../../support/sample-campaign.js";
import { sampleReport } from "../../support/sample-report.js";

const validate = compileCardSchema();

function expectValid(card: AdaptiveCard) {
	const ok = validate(card);
	expect(validate.errors ?? [], JSON.stringify(card).slice(0, 200)).toEqual([]);
	expect(ok).toBe(true);
	expect(card.version).toBe("1.5");
}

/** Every object anywhere in the card, depth first. */
function objects(value: unknown): Record<string, unknown>[] {
	if (Array.isArray(value)) return value.flatMap(objects);
	if (value && typeof value === "object") {
		const o = value as Record<string, unknown>;
		return [o, ...Object.values(o).flatMap(objects)];
	}
	return [];
}

const campaign: Campaign = sampleCampaign({
	channel: "19:abc@thread.tacv2",
	startedBy: "29:admin",
});

describe("Teams Adaptive Cards (1.5, validated against the official schema)", () => {
	it("the schema is strict: an unknown property or element type fails", () => {
		const card = invitationCard(campaign, english);
		expect(validate({ ...card, colour: "red" })).toBe(false);
		expect(validate({ ...card, body: [{ type: "Marquee", text: "hi" }] })).toBe(
			false,
		);
		expect(validate({ ...card, msteams: { width: "Half" } })).toBe(false);
	});

	it("every card the bot sends is valid", () => {
		const report = sampleReport();
		const cards: [string, AdaptiveCard][] = [
			["invitation", invitationCard(campaign, english)],
			["question", questionCard(campaign, english)],
			["thank-you", thankYouCard(english)],
			["opted-out", optedOutCard(campaign, english)],
			["reminder", reminderCard(campaign, 1, english)],
			[
				"nudge",
				nudgeCard(
					campaign,
					{
						kind: "nudge",
						groups: [
							{ name: "Finance", ratePercent: 35 },
							{ name: "Legal", ratePercent: null },
						],
						targetPercent: 70,
						organisationPercent: 55,
					},
					english,
				),
			],
			[
				"post",
				postCard(
					{
						kind: "text",
						text: "Participation so far",
						lines: ["a: 50%"],
					},
					english,
				),
			],
			["message", messageCard("Hello", "world")],
			["report", reportCard(report, renderChartPng(report))],
			[
				"report preview",
				reportPreviewCard(report, {
					channel: campaign.channel,
					publishedOn: null,
				}),
			],
		];
		for (const [name, card] of cards) {
			expect(name && card.type).toBe("AdaptiveCard");
			expectValid(card);
		}
	});

	it("our own wording reaches Teams without markdown escapes; only the names are escaped", () => {
		const hostile = sampleCampaign({ name: "Census (2026) *now*" });
		const textOf = (card: AdaptiveCard) =>
			objects(card)
				.filter((o) => o.type === "TextBlock")
				.map((o) => String(o.text))
				.join("\n");
		const nudge = textOf(
			nudgeCard(
				hostile,
				{
					kind: "nudge",
					groups: [
						{ name: "R&D (Lab_1)", ratePercent: 35 },
						{ name: "Legal", ratePercent: null },
					],
					targetPercent: 70,
					organisationPercent: 55,
				},
				english,
			),
		);
		expect(nudge).toContain(
			"Legal: uptake is low (the group is too small to show a rate).",
		);
		expect(nudge).toContain("R&D \\(Lab\\_1\\): about 35% have answered.");
		expect(nudge).toContain("Census \\(2026\\) \\*now\\*: response rate");
		const reminder = textOf(reminderCard(hostile, 2, english));
		expect(reminder).toContain("Census \\(2026\\) \\*now\\* closes at");
		expect(reminder).toContain('press "Don\'t remind me".');
		const report = textOf(reportCard(sampleReport(), undefined, english));
		expect(report).toContain("**By grade (junior to senior)**");
		expect(report).toContain("Went to an independent (fee-paying) school");
		// Once the names are taken out, no escaped parenthesis is left: our own wording was not escaped.
		for (const text of [nudge, reminder])
			expect(
				text.replaceAll("\\(2026\\)", "").replaceAll("\\(Lab\\_1\\)", ""),
			).not.toMatch(/\\[()]/);
	});

	it("the invitation says who runs the census (escaped), whom to ask, and links the privacy notice", () => {
		const card = invitationCard(
			sampleCampaign({
				organiser: {
					runBy: "**People** team",
					contact: "people@acme.co.uk",
					privacyUrl: "https://intranet.acme.co.uk/privacy",
					message: "[x](https://y.example)",
				},
			}),
			english,
		);
		expectValid(card);
		const texts = objects(card)
			.filter((o) => o.type === "TextBlock")
			.map((o) => String(o.text))
			.join("\n");
		expect(texts).toContain(
			"**\\*\\*People\\*\\* team** is running this census and asks you to take part.",
		);
		expect(texts).toContain("\\[x\\]\\(");
		expect(texts).toContain("Open until the end of Monday 14 December 2026.");
		expect(texts).toMatch(/Questions\? Ask people@acme/);
		expect(
			objects(card).find((o) => o.type === "Action.OpenUrl"),
		).toMatchObject({
			title: "Privacy notice",
			url: "https://intranet.acme.co.uk/privacy",
		});
	});

	it("the report card's chart has the numbers in words as its alt text", () => {
		const report = sampleReport();
		const image = objects(reportCard(report, renderChartPng(report))).find(
			(o) => o.type === "Image",
		);
		expect(image?.altText).toBe(chartAltText(report));
		expect(String(image?.altText)).toContain("% in the UK workforce");
	});

	it("the invitation's buttons are Action.Execute with the contract's verbs and the campaign id", () => {
		const actions = objects(invitationCard(campaign, english)).filter(
			(o) => o.type === "Action.Execute",
		);
		expect(actions.map((a) => a.verb).sort()).toEqual(
			[verbs.answer, verbs.optOut].sort(),
		);
		for (const a of actions)
			expect(JSON.stringify(a.data)).toContain(campaign.id);
	});

	it("the question card offers exactly the catalogue's option ids, prefer-not-to-say included, each required", () => {
		const card = questionCard(campaign, english);
		const inputs = objects(card).filter((o) => o.type === "Input.ChoiceSet");
		expect(inputs.map((i) => i.id)).toEqual(
			campaign.questions.map(questionInputId),
		);
		for (const key of campaign.questions) {
			const input = inputs.find((i) => i.id === questionInputId(key));
			const values = ((input?.choices ?? []) as { value: string }[]).map(
				(c) => c.value,
			);
			const expected = catalogue[key].options.map((o) => o.id);
			expect(values).toEqual(expected);
			expect(values).toContain(catalogue[key].preferNotToSay);
			expect(input?.isRequired).toBe(true);
		}
		const submit = objects(card).filter((o) => o.type === "Action.Execute");
		expect(submit.map((a) => a.verb)).toContain(verbs.submit);
	});

	it("the thank-you card never names an option or a question's answer", () => {
		const json = JSON.stringify(thankYouCard(english));
		for (const key of questionKeys)
			for (const o of catalogue[key].options) {
				expect(json).not.toContain(o.id);
				expect(json).not.toContain(o.label);
			}
		expect(
			objects(thankYouCard(english)).some((o) => o.type === "Action.Execute"),
		).toBe(false);
	});

	it("outreach activities carry one Adaptive Card attachment for each kind of delivery", () => {
		const base: ClaimedDelivery = {
			id: "d1",
			campaignId: campaign.id,
			kind: "invite",
			wave: 0,
			employeeId: null,
			recipient: "e1",
			payload: null,
			slackUserId: null,
			teamsUserId: "29:abc",
			participation: "pending",
			campaignStatus: "open",
		};
		const deliveries: ClaimedDelivery[] = [
			base,
			{ ...base, kind: "reminder", wave: 1 },
			{
				...base,
				kind: "nudge",
				wave: 1,
				payload: {
					groups: [{ name: "Finance", ratePercent: 30 }],
					targetPercent: 70,
					organisationPercent: 50,
				},
			},
			{ ...base, kind: "post", wave: 1, payload: { text: "Progress" } },
		];
		for (const d of deliveries) {
			const activity = teamsOutreachActivity(d, campaign, english);
			expect(activity.attachments, d.kind).toHaveLength(1);
			const attachment = activity.attachments?.[0];
			expect(attachment?.contentType).toBe(
				"application/vnd.microsoft.card.adaptive",
			);
			expectValid(attachment?.content as AdaptiveCard);
		}
	});
});
