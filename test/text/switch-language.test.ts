import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { teamsDialect } from "../../src/chat/admin/dialect.js";
import { notInvitedText } from "../../src/chat/messages.js";
import {
	invitationBlocks,
	optedOutBlocks,
	questionModal,
	thankYouBlocks,
	trustModal,
} from "../../src/chat/slack/blocks.js";
import { outreachMessage } from "../../src/chat/slack/outreach-blocks.js";
import { invitationCard } from "../../src/chat/teams/cards/invitation-card.js";
import { nudgeCard } from "../../src/chat/teams/cards/nudge-card.js";
import { optedOutCard } from "../../src/chat/teams/cards/opted-out-card.js";
import { postCard } from "../../src/chat/teams/cards/post-card.js";
import { questionCard } from "../../src/chat/teams/cards/question-card.js";
import { reminderCard } from "../../src/chat/teams/cards/reminder-card.js";
import { thankYouCard } from "../../src/chat/teams/cards/thank-you-card.js";
import type {
	ClaimedDelivery,
	NoticePayload,
	NudgePayload,
} from "../../src/domain/deliveries/outbox-store.js";
import { Languages } from "../../src/text/languages.js";
import { shippedCatalogues } from "../../src/text/message-catalogue.js";
import type { Translator } from "../../src/text/translator.js";
import { sampleCampaign } from "../support/sample-campaign.js";

const campaign = sampleCampaign();
const languages = new Languages({ enabled: ["cy"], defaultLanguage: "en-GB" });

const nudge: NudgePayload = {
	kind: "nudge",
	groups: [{ name: "Sales", ratePercent: 30 }],
	targetPercent: 70,
	organisationPercent: 50,
};
const closed: NoticePayload = {
	kind: "closed",
	campaignName: campaign.name,
	closesOn: campaign.closesOn,
	responded: 12,
	channel: "#leadership",
};
const paused: NoticePayload = {
	kind: "paused",
	platform: "slack",
	reason: "app_uninstalled",
	campaignName: campaign.name,
};

const delivery = (
	kind: ClaimedDelivery["kind"],
	payload: unknown,
	language: string | null,
): ClaimedDelivery => ({
	id: "d1",
	campaignId: campaign.id,
	kind,
	wave: 1,
	employeeId: null,
	recipient: "U0X",
	payload,
	slackUserId: "U0X",
	teamsUserId: null,
	participation: "invited",
	campaignStatus: "open",
	language,
});

/**
 * Everything one person can be sent, by kind, on both platforms, rendered for their roster language as the
 * delivery channels and listeners pick it (`Languages.pick`).
 */
function everythingFor(language: string | null): Record<string, string> {
	const t: Translator = languages.pick(language);
	const out = (kind: ClaimedDelivery["kind"], payload: unknown) =>
		JSON.stringify(
			outreachMessage(delivery(kind, payload, language), campaign, t),
		);
	return {
		"slack invitation": JSON.stringify(invitationBlocks(campaign, t)),
		"slack questions": JSON.stringify(questionModal(campaign, t)),
		"slack thank-you": JSON.stringify(thankYouBlocks(t)),
		"slack opted out": JSON.stringify(optedOutBlocks(campaign, t)),
		"slack trust": JSON.stringify(trustModal(t, campaign.minCellSize)),
		"slack reminder": out("reminder", null),
		"slack nudge": out("nudge", nudge),
		"slack closed notice": out("notice", closed),
		"slack paused notice": out("notice", paused),
		"slack direct-message hint": t.t("dm.hintAsk", {
			who: "people@example.com",
		}),
		"teams invitation": JSON.stringify(invitationCard(campaign, t)),
		"teams questions": JSON.stringify(questionCard(campaign, t)),
		"teams thank-you": JSON.stringify(thankYouCard(t)),
		"teams opted out": JSON.stringify(optedOutCard(campaign, t)),
		"teams reminder": JSON.stringify(reminderCard(campaign, 1, t)),
		"teams nudge": JSON.stringify(nudgeCard(campaign, nudge, t)),
		"teams closed notice": JSON.stringify(postCard(closed, t)),
		"teams paused notice": JSON.stringify(postCard(paused, t)),
		"not on the roster": notInvitedText(campaign.organiser, teamsDialect, t),
	};
}

/** The parts of an ICU message's syntax tree this test reads. */
type Element = {
	type: number;
	value?: unknown;
	options?: Record<string, { value: Element[] }>;
};

/**
 * Each catalogue's own wording: the literal runs of its messages (12 characters or more) that the other
 * catalogues do not have, as they appear inside a JSON string. A message in another language contains none.
 */
const wordingOf = new Map(
	shippedCatalogues.map((c) => {
		const runs: string[] = [];
		const walk = (elements: readonly Element[]) => {
			for (const e of elements) {
				if (e.type === 0 && typeof e.value === "string")
					runs.push(e.value.trim());
				for (const o of Object.values(e.options ?? {})) walk(o.value);
			}
		};
		for (const f of c.compiled.values()) walk(f.getAst() as Element[]);
		const others = shippedCatalogues
			.filter((o) => o !== c)
			.flatMap((o) => Object.values(o.messages));
		const own = runs.filter(
			(r) => r.length >= 12 && !others.some((m) => m.includes(r)),
		);
		return [
			c.locale,
			[...new Set(own)].map((r) => JSON.stringify(r).slice(1, -1)),
		];
	}),
);

describe("switching one person's language", () => {
	it("changes every message they get and nothing anyone else gets", () => {
		const language = fc.constantFrom<string | null>(
			null,
			"en-GB",
			"cy",
			"cy-GB",
			"fr",
		);
		fc.assert(
			fc.property(
				fc.array(language, { minLength: 1, maxLength: 6 }),
				fc.nat(),
				(roster, pick) => {
					const who = pick % roster.length;
					const before = roster.map(everythingFor);
					// Their language changes to the other shipped one.
					const own = languages.pick(roster[who]).locale;
					const switched = roster.map((l, i) =>
						i === who ? (own === "cy" ? "en-GB" : "cy") : l,
					);
					const after = switched.map(everythingFor);
					const left = wordingOf.get(own) ?? [];
					for (const [kind, message] of Object.entries(before[who] ?? {})) {
						expect(after[who]?.[kind], kind).not.toBe(message);
						// Nothing of the old language's own wording is left in it.
						const now = after[who]?.[kind] ?? "";
						expect(
							left.filter((w) => now.includes(w)),
							kind,
						).toEqual([]);
					}
					roster.forEach((_, i) => {
						if (i !== who) expect(after[i]).toEqual(before[i]);
					});
				},
			),
			{ numRuns: 40 },
		);
	});
});
