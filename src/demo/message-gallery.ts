import type { AnyBlock } from "@slack/types";
import {
	invitationBlocks,
	questionModal,
	thankYouBlocks,
} from "../chat/slack/blocks.js";
import { outreachMessage } from "../chat/slack/outreach-blocks.js";
import type { AdaptiveCard } from "../chat/teams/cards/adaptive-card.js";
import { invitationCard } from "../chat/teams/cards/invitation-card.js";
import { nudgeCard } from "../chat/teams/cards/nudge-card.js";
import { postCard } from "../chat/teams/cards/post-card.js";
import { questionCard } from "../chat/teams/cards/question-card.js";
import { reminderCard } from "../chat/teams/cards/reminder-card.js";
import { thankYouCard } from "../chat/teams/cards/thank-you-card.js";
import type {
	ClaimedDelivery,
	NudgePayload,
	PostPayload,
} from "../domain/deliveries/outbox-store.js";
import { asCampaignId } from "../domain/ids.js";
import type { Campaign } from "../domain/ports.js";
import { questionKeys } from "../domain/questions/catalogue.js";
import { shippedCatalogues } from "../text/message-catalogue.js";
import { type Translator, translatorFor } from "../text/translator.js";

/** The demo organisation's census: who runs it, whom to ask, its privacy notice and a leader's note. */
export const galleryCampaign: Campaign = {
	id: asCampaignId("cmp_gallery"),
	name: "Northwind Trading census 2026",
	status: "open",
	questions: [...questionKeys],
	channel: "#leadership",
	targetRate: 70,
	closesOn: "2026-12-18",
	minCellSize: 10,
	minGroupHeadcount: 20,
	shuffleSize: 10,
	retentionDays: 30,
	gradeOrder: ["Associate", "Manager", "Director"],
	publicKey: Buffer.alloc(44),
	wrappedPoolKey: null,
	startedBy: "U0ADMIN",
	reminderMax: 3,
	reminderEveryDays: 4,
	lowUptakePercent: 50,
	workingHours: "09:00-17:00,mon-fri",
	timeZone: "Europe/London",
	organiser: {
		runBy: "Northwind Trading People team",
		contact: "people@northwind.example",
		privacyUrl: "https://intranet.northwind.example/privacy/census",
		message:
			"We want everyone here to have the same chance to get on. Your answer shows us where to start. (Priya Shah, Chief Executive)",
	},
	openedAt: new Date("2026-12-04T09:00:00Z"),
};

const nudge: NudgePayload = {
	kind: "nudge",
	groups: [
		{ name: "Warehouse", ratePercent: 35 },
		{ name: "Legal", ratePercent: null },
	],
	targetPercent: 70,
	organisationPercent: 55,
};

const progress: PostPayload = {
	kind: "progress",
	campaignName: galleryCampaign.name,
	organisationPercent: 55,
	targetPercent: 70,
	closesOn: galleryCampaign.closesOn,
	groups: [
		{ name: "Finance", ratePercent: 70 },
		{ name: "Warehouse", ratePercent: 35 },
		{ name: "Legal", ratePercent: null },
	],
};

function delivery(
	kind: ClaimedDelivery["kind"],
	payload: unknown,
	wave = 1,
): ClaimedDelivery {
	return {
		id: "d1",
		campaignId: galleryCampaign.id,
		kind,
		wave,
		employeeId: null,
		recipient: "U0PERSON",
		payload,
		slackUserId: "U0PERSON",
		teamsUserId: null,
		participation: "invited",
		campaignStatus: "open",
	};
}

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => typeof v === "object" && v !== null;
const textOf = (v: unknown): string =>
	isJson(v) && typeof v.text === "string" ? v.text : "";

/** Slack Block Kit as a reader sees it: mrkdwn as sent, buttons in brackets, a radio button per line. */
export function slackAsText(blocks: readonly AnyBlock[]): string {
	const out: string[] = [];
	for (const b of blocks as unknown as Json[]) {
		if (b.type === "header" || b.type === "section") {
			if (textOf(b.text)) out.push(textOf(b.text));
			for (const f of (b.fields as unknown[]) ?? []) out.push(textOf(f));
		} else if (b.type === "context")
			out.push(
				...((b.elements as unknown[]) ?? []).map((e) => `(small) ${textOf(e)}`),
			);
		else if (b.type === "actions")
			out.push(
				((b.elements as Json[]) ?? [])
					.map((e) =>
						typeof e.url === "string"
							? `[${textOf(e.text)}](${e.url})`
							: `[${textOf(e.text)}]`,
					)
					.join(" "),
			);
		else if (b.type === "input") {
			out.push(`${textOf(b.label)}${b.optional ? "" : " *"}`);
			if (textOf(b.hint)) out.push(`  ${textOf(b.hint)}`);
			const element = (b.element ?? {}) as Json;
			for (const o of (element.options as Json[]) ?? [])
				out.push(
					`  ( ) ${textOf(o.text)}${textOf(o.description) ? ` — ${textOf(o.description)}` : ""}`,
				);
		} else if (b.type === "divider") out.push("---");
	}
	return out.join("\n");
}

/** An Adaptive Card as a reader sees it: its text blocks (Teams markdown as sent), choices, facts and buttons. */
export function cardAsText(card: AdaptiveCard): string {
	const out: string[] = [];
	const walk = (e: unknown): void => {
		if (Array.isArray(e)) {
			for (const x of e) walk(x);
			return;
		}
		if (!isJson(e)) return;
		const type = String(e.type ?? "");
		if (type === "TextBlock" && typeof e.text === "string") out.push(e.text);
		else if (type === "RichTextBlock")
			out.push(((e.inlines as unknown[]) ?? []).map(textOf).join(""));
		else if (type === "FactSet")
			for (const f of (e.facts as Json[]) ?? [])
				out.push(`${String(f.title)}: ${String(f.value)}`);
		else if (type === "Input.ChoiceSet") {
			out.push(`${String(e.label ?? "")}${e.isRequired ? " *" : ""}`);
			for (const c of (e.choices as Json[]) ?? [])
				out.push(`  ( ) ${String(c.title)}`);
		} else if (type.startsWith("Action.")) {
			out.push(
				typeof e.url === "string"
					? `[${String(e.title)}](${e.url})`
					: `[${String(e.title)}]`,
			);
			return;
		}
		for (const key of ["body", "items", "columns", "actions", "card"])
			walk(e[key]);
	};
	walk(card.body);
	walk(card.actions ?? []);
	return out.join("\n");
}

/** One message of the gallery in both platforms' renderings. */
type Entry = { title: string; slack: string; teams: string };

/** The invitation, question, thank-you, reminder, nudge and leadership post in `t`'s language. */
export function galleryEntries(
	t: Translator,
	campaign: Campaign = galleryCampaign,
): Entry[] {
	const modal = questionModal(campaign, t);
	const slackOf = (d: ClaimedDelivery) => {
		const m = outreachMessage(d, campaign, t);
		return slackAsText(m.blocks);
	};
	return [
		{
			title: "Invitation",
			slack: slackAsText(invitationBlocks(campaign, t)),
			teams: cardAsText(invitationCard(campaign, t)),
		},
		{
			title: "Questions",
			slack: [
				`${modal.title.text}`,
				slackAsText(modal.blocks),
				`[${modal.submit?.text ?? ""}] [${modal.close?.text ?? ""}]`,
			].join("\n"),
			teams: cardAsText(questionCard(campaign, t)),
		},
		{
			title: "Thank-you",
			slack: slackAsText(thankYouBlocks(t)),
			teams: cardAsText(thankYouCard(t)),
		},
		{
			title: "Reminder",
			slack: slackOf(delivery("reminder", null)),
			teams: cardAsText(reminderCard(campaign, 1, t)),
		},
		{
			title: "Manager nudge",
			slack: slackOf(delivery("nudge", nudge)),
			teams: cardAsText(nudgeCard(campaign, nudge, t)),
		},
		{
			title: "Leadership post (progress)",
			slack: slackOf(delivery("post", progress)),
			teams: cardAsText(postCard(progress, t)),
		},
	];
}

const fence = (s: string) => ["```text", s, "```"].join("\n");

/** The gallery as Markdown: every message for both platforms in every shipped language, as rendered. */
export function messageGallery(): string {
	const c = galleryCampaign;
	const lines = [
		"# Census messages as employees, managers and leaders see them",
		"",
		"Generated by `npm run messages` from the shipped catalogues and the real renderers. Demo organisation:",
		`run by ${c.organiser.runBy}; contact ${c.organiser.contact}; privacy notice ${c.organiser.privacyUrl}; census "${c.name}", open until ${c.closesOn}.`,
		"Slack text is mrkdwn as sent (Block Kit flattened: buttons in brackets, one radio button a line); Teams text is the card's markdown as sent.",
		"",
	];
	for (const catalogue of shippedCatalogues) {
		const t = translatorFor(catalogue.locale);
		lines.push(
			`## ${catalogue.name}, \`${catalogue.locale}\`${catalogue.status === "awaiting-review" ? ": our own translation, awaiting review by a Welsh speaker" : ""}`,
			"",
		);
		for (const e of galleryEntries(t)) {
			lines.push(
				`### ${e.title}`,
				"",
				"Slack:",
				"",
				fence(e.slack),
				"",
				"Teams:",
				"",
				fence(e.teams),
				"",
			);
		}
	}
	return lines.join("\n");
}
