import { describe, expect, it } from "vitest";
import type { StatusView } from "../../../src/chat/admin/admin-replies.js";
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
});
