import { describe, expect, it } from "vitest";
import type { StatusView } from "../../../src/chat/admin/admin-replies.js";
import { adminHomeView } from "../../../src/chat/slack/admin-home.js";
import { statusBlocks } from "../../../src/chat/slack/blocks.js";
import {
	channelStatusCard,
	statusCard,
} from "../../../src/chat/teams/cards/status-card.js";
import type { ResponseRate } from "../../../src/domain/participation/response-rates.js";
import { shippedCatalogues } from "../../../src/text/message-catalogue.js";
import {
	type Translator,
	translatorFor,
} from "../../../src/text/translator.js";
import { sampleCampaign } from "../../support/sample-campaign.js";
import { sampleReport } from "../../support/sample-report.js";

const rate = (name: string, unreachable = 0): ResponseRate => ({
	name,
	invited: 40,
	unreachable,
	responded: 10,
	optedOut: 1,
	rate: 0.25,
});

/** The status in every form (Slack blocks, Teams card, Teams channel card), with and without anyone unreachable. */
function rendered(t: Translator): string {
	return [0, 3]
		.flatMap((unreachable) => {
			const view: StatusView = {
				summary: "s",
				campaign: sampleCampaign(),
				rates: {
					overall: rate("all", unreachable),
					groups: [
						rate("Engineering"),
						...Array.from({ length: 250 }, (_, i) => rate(`G${i}`)),
					],
				},
				groups: [
					{
						name: "Small teams",
						departments: ["Legal", "Audit"],
						headcount: 9,
					},
				],
				deliveries: [],
				t,
			};
			return [
				statusBlocks(view.campaign, view.rates, view.groups, t),
				statusBlocks(view.campaign, { ...view.rates, groups: [] }, [], t),
				statusCard(view),
				statusCard({ ...view, rates: { ...view.rates, groups: [] } }),
				channelStatusCard({
					summary: "s",
					campaign: view.campaign,
					organisationPercent: 35,
					t,
				}),
			];
		})
		.map((x) => JSON.stringify(x))
		.join("\n");
}

/** English (UK) runs of our own wording (12 characters or more) that the Welsh catalogue does not have. */
const englishOnly = (() => {
	const [en, cy] = shippedCatalogues;
	const welsh = Object.values(cy?.messages ?? {}).join("\n");
	return Object.values(en?.messages ?? {})
		.flatMap((m) => m.split(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/))
		.map((r) => r.trim())
		.filter((r) => r.length >= 12 && !welsh.includes(r));
})();

describe("the status blocks and cards in the admin's language", () => {
	it("in Welsh keep none of the English wording; in English (UK) they use it", () => {
		const cy = rendered(translatorFor("cy"));
		expect(cy).toContain("Yn cau ar ddiwedd");
		expect(cy).toContain("Mae Small teams yn cyfuno Legal, Audit");
		expect(englishOnly.filter((w) => cy.includes(w))).toEqual([]);
		for (const w of ["responded", "of 40", "Closes at", "more groups"])
			expect(cy, w).not.toContain(w);
		const en = rendered(translatorFor("en-GB"));
		expect(englishOnly.filter((w) => en.includes(w)).length).toBeGreaterThan(6);
	});

	it("the admin's App Home in Welsh keeps none of the English wording", () => {
		const campaigns = (
			["draft", "open", "closing", "closed", "closed"] as const
		).map((status, i) => ({
			id: `c${i}`,
			name: `C${i}`,
			status,
			closesOn: `2026-12-1${i}`,
			responseRatePercent: 40,
			publishedOn: i === 4 ? "2026-12-20" : null,
		}));
		const home = (t: Translator) =>
			JSON.stringify([
				adminHomeView({ campaigns: [], open: null, lastReport: null }, t),
				adminHomeView(
					{
						campaigns: [
							...campaigns,
							...Array.from(
								{ length: 20 },
								() => campaigns[0] as (typeof campaigns)[0],
							),
						],
						open: null,
						lastReport: {
							report: sampleReport({
								takeaways: [],
								progression: { ...sampleReport().progression, sentence: "" },
							}),
							publishedOn: null,
						},
					},
					t,
				),
				adminHomeView(
					{
						campaigns,
						open: {
							name: "O",
							closesOn: "2026-12-18",
							targetRate: 70,
							rates: { overall: rate("o"), groups: [rate("G")] },
						},
						lastReport: null,
					},
					t,
				),
			]);
		const cy = home(translatorFor("cy"));
		expect(cy).toContain("Gweinyddu'r cyfrifiad");
		expect(englishOnly.filter((w) => cy.includes(w))).toEqual([]);
		for (const w of ["responded", "Campaigns", "draft", "closing", "older"])
			expect(cy, w).not.toContain(w);
		const en = home(translatorFor("en-GB"));
		expect(englishOnly.filter((w) => en.includes(w)).length).toBeGreaterThan(5);
	});
});
