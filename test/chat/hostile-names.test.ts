import { describe, expect, it } from "vitest";
import type { AdminReplies } from "../../src/chat/admin/admin-replies.js";
import { slackDialect, teamsDialect } from "../../src/chat/admin/dialect.js";
import { runAdminCommand } from "../../src/chat/admin/run-admin-command.js";
import { teamsText } from "../../src/chat/messages.js";
import { adminHomeView } from "../../src/chat/slack/admin-home.js";
import {
	homeView,
	invitationBlocks,
	questionModal,
	statusBlocks,
} from "../../src/chat/slack/blocks.js";
import { outreachMessage } from "../../src/chat/slack/outreach-blocks.js";
import {
	reportBlocks,
	reportPreviewBlocks,
} from "../../src/chat/slack/report-blocks.js";
import { slackAdminReplies } from "../../src/chat/slack/slack-admin-replies.js";
import { invitationCard } from "../../src/chat/teams/cards/invitation-card.js";
import { nudgeCard } from "../../src/chat/teams/cards/nudge-card.js";
import { optedOutCard } from "../../src/chat/teams/cards/opted-out-card.js";
import { postCard } from "../../src/chat/teams/cards/post-card.js";
import { questionCard } from "../../src/chat/teams/cards/question-card.js";
import { reminderCard } from "../../src/chat/teams/cards/reminder-card.js";
import {
	reportCard,
	reportPreviewCard,
} from "../../src/chat/teams/cards/report-card.js";
import {
	channelStatusCard,
	statusCard,
} from "../../src/chat/teams/cards/status-card.js";
import { teamsOutreachActivity } from "../../src/chat/teams/teams-outreach-activity.js";
import type {
	ClaimedDelivery,
	DeliveryKind,
	NoticePayload,
	NudgePayload,
	PostPayload,
} from "../../src/domain/deliveries/outbox-store.js";
import { computeResponseRates } from "../../src/domain/participation/response-rates.js";
import type { CampaignReport } from "../../src/domain/reporting/campaign-report.js";
import { english, translatorFor } from "../../src/text/translator.js";
import { compileCardSchema } from "../support/adaptive-card-schema.js";
import {
	hostileNames,
	markdownLiveMarkup,
	slackLiveMarkup,
} from "../support/hostile-names.js";
import { sampleCampaign } from "../support/sample-campaign.js";
import { sampleReport } from "../support/sample-report.js";

type Json = Record<string, unknown>;

/** Every object anywhere in a value, depth first. */
function objects(value: unknown): Json[] {
	if (Array.isArray(value)) return value.flatMap(objects);
	if (value && typeof value === "object")
		return [value as Json, ...Object.values(value).flatMap(objects)];
	return [];
}

/** Every mrkdwn text in Slack blocks must be inert: verbatim (nothing linked by Slack) and no raw `<` or `&`. */
function expectInertSlack(blocks: unknown, fallback?: string) {
	const texts = objects(blocks).filter((o) => o.type === "mrkdwn");
	expect(texts.length).toBeGreaterThan(0);
	for (const t of texts) {
		expect(t.verbatim, JSON.stringify(t).slice(0, 100)).toBe(true);
		expect(slackLiveMarkup(String(t.text))).toEqual([]);
		expect(String(t.text).length).toBeLessThanOrEqual(3000);
	}
	if (fallback !== undefined) expect(slackLiveMarkup(fallback)).toEqual([]);
}

const validCard = compileCardSchema();

/** Every TextBlock of a Teams card must be inert Markdown, and the card valid and well under Teams' size limit. */
function expectInertCard(card: unknown) {
	expect(validCard(card), JSON.stringify(validCard.errors)).toBe(true);
	const texts = objects(card).filter((o) => o.type === "TextBlock");
	expect(texts.length).toBeGreaterThan(0);
	for (const t of texts)
		expect(
			markdownLiveMarkup(String(t.text)),
			String(t.text).slice(0, 200),
		).toEqual([]);
	expect(JSON.stringify(card).length).toBeLessThan(80_000);
}

/** A report whose every name (campaign, departments, grades, and the sentences quoting them) is `name`. */
function hostileReport(name: string): CampaignReport {
	const r = sampleReport();
	const rename = <T extends { name: string }>(rows: T[]) =>
		rows.map((row) => ({ ...row, name }));
	return {
		...r,
		campaignName: name,
		byGroup: {
			...r.byGroup,
			rows: rename(r.byGroup.rows),
			footnotes: [`${name} is merged with others.`],
		},
		byGrade: { ...r.byGrade, rows: rename(r.byGrade.rows) },
		takeaways: [`${name} has the most working-class staff.`],
		notes: [`${name} was too small to show.`],
		progression: { ...r.progression, sentence: `${name} falls away.` },
	};
}

const rates = (name: string) =>
	computeResponseRates([
		{ group: name, status: "responded", count: 9 },
		{ group: name, status: "invited", count: 21 },
		{ group: "Legal", status: "responded", count: 12 },
	]);

function delivery(kind: DeliveryKind, payload: unknown): ClaimedDelivery {
	return {
		id: "d1",
		campaignId: sampleCampaign().id,
		kind,
		wave: 2,
		employeeId: null,
		recipient: "#leadership",
		payload,
		slackUserId: "U1",
		teamsUserId: "29:one",
		participation: "invited",
		campaignStatus: "open",
	};
}

const nudge = (name: string): NudgePayload => ({
	kind: "nudge",
	groups: [
		{ name, ratePercent: 25 },
		{ name, ratePercent: null },
	],
	targetPercent: 70,
	organisationPercent: 55,
});

const posts = (name: string): (PostPayload | NoticePayload)[] => [
	{
		kind: "progress",
		campaignName: name,
		organisationPercent: 45,
		targetPercent: 70,
		closesOn: "2026-12-14",
		groups: [
			{ name, ratePercent: 40 },
			{ name, ratePercent: null },
		],
	},
	{
		kind: "closed",
		campaignName: name,
		closesOn: "2026-12-14",
		responded: 40,
		channel: name,
	},
	{ kind: "text", text: `*${name}*: 45% so far`, lines: [`${name}: 40%`] },
];

/** What a renderer that replies through `AdminReplies` sent: the texts, in order. */
function capture(): { replies: AdminReplies; sent: string[] } {
	const sent: string[] = [];
	const record = async (v: unknown) => void sent.push(String(v));
	return {
		sent,
		replies: { text: record, status: record, preview: record, file: record },
	};
}

/** Every language employees may read: what one escapes, each must. */
const languages = [english, translatorFor("cy")];

it("checks Welsh as well as English", () => {
	expect(languages.map((t) => t.locale)).toEqual(["en-GB", "cy"]);
});

describe.each(hostileNames.map((n) => [JSON.stringify(n).slice(0, 40), n]))(
	"a name like %s renders inert",
	(_, name) => {
		const campaign = sampleCampaign({ name, channel: name });
		const groups = [{ name, departments: [name, name], headcount: 30 }];

		it("in Slack: App Home, status, the report and its preview, admin Home", () => {
			expectInertSlack(
				homeView({ campaign, status: "invited" }, english).blocks,
			);
			expectInertSlack(statusBlocks(campaign, rates(name), groups));
			const report = hostileReport(name);
			expectInertSlack(reportBlocks(report));
			expectInertSlack(
				reportPreviewBlocks(report, { channel: name, publishedOn: null }),
			);
			expectInertSlack(
				reportPreviewBlocks(report, {
					channel: name,
					publishedOn: "2026-12-15",
				}),
			);
			expectInertSlack(
				adminHomeView({
					campaigns: [
						{
							id: "c1",
							name,
							status: "closed",
							closesOn: "2026-12-14",
							responseRatePercent: 70,
							publishedOn: null,
						},
					],
					open: {
						name,
						closesOn: "2026-12-14",
						targetRate: 70,
						rates: rates(name),
					},
					lastReport: { report, publishedOn: "2026-12-15", channel: name },
				}).blocks,
			);
		});

		it.each(languages.map((t) => [t.locale, t] as const))(
			"in Slack, in %s: reminders, manager nudges, progress posts and the note to the admin",
			(_, t) => {
				for (const d of [
					delivery("reminder", null),
					delivery("nudge", nudge(name)),
					...posts(name).map((p) =>
						delivery(p.kind === "closed" ? "notice" : "post", p),
					),
				]) {
					const m = outreachMessage(d, campaign, t);
					expectInertSlack(m.blocks, m.text);
				}
			},
		);

		it("in Teams: status (personal and channel), the report and its preview, nudges, reminders, posts", () => {
			const view = {
				summary: name,
				campaign,
				rates: rates(name),
				groups,
				deliveries: [],
			};
			expectInertCard(statusCard(view));
			expectInertCard(
				channelStatusCard({ summary: name, campaign, organisationPercent: 45 }),
			);
			const report = hostileReport(name);
			expectInertCard(reportCard(report));
			expectInertCard(
				reportPreviewCard(report, { channel: name, publishedOn: null }),
			);
			expectInertCard(
				reportPreviewCard(report, { channel: name, publishedOn: "2026-12-15" }),
			);
			for (const t of languages) {
				expectInertCard(nudgeCard(campaign, nudge(name), t));
				expectInertCard(reminderCard(campaign, 2, t));
				for (const p of posts(name)) {
					expectInertCard(postCard(p, t));
					const activity = teamsOutreachActivity(
						delivery(p.kind === "closed" ? "notice" : "post", p),
						campaign,
						t,
					);
					expect(activity.summary ?? "").not.toMatch(/[\u202e\u200b\ufeff\n]/);
				}
			}
		});

		it.each(languages.map((t) => [t.locale, t] as const))(
			"in what each person sees, in %s, on both platforms: the invitation (with the organiser's words), the questions, the opt-out, Home for any status",
			(_, t) => {
				// Who runs it, whom to ask and the leader's message are the organisation's words too.
				const organised = sampleCampaign({
					name,
					channel: name,
					organiser: {
						runBy: name,
						contact: name,
						message: name,
						privacyUrl: null,
					},
				});
				for (const c of [campaign, organised]) {
					expectInertSlack(invitationBlocks(c, t));
					expectInertSlack(questionModal(c, t).blocks);
					for (const status of [null, "responded", "opted_out"])
						expectInertSlack(homeView({ campaign: c, status }, t).blocks);
					expectInertCard(invitationCard(c, t));
					expectInertCard(questionCard(c, t));
					expectInertCard(optedOutCard(c, t));
				}
			},
		);

		it("in admin replies, in both dialects: an unknown subcommand, a bad start argument, an unknown results id", async () => {
			for (const [d, inert] of [
				[slackDialect, slackLiveMarkup],
				[teamsDialect, markdownLiveMarkup],
			] as const) {
				const { replies, sent } = capture();
				const deps = {
					service: { today: () => "2026-12-01", report: async () => null },
				} as never;
				const ctx = { userId: "U1" };
				await runAdminCommand(
					deps,
					d,
					replies,
					{ subcommand: name, args: "" },
					ctx,
				);
				await runAdminCommand(
					deps,
					d,
					replies,
					{ subcommand: "start", args: `${name.replace(/\s/g, "")}=1` },
					ctx,
				);
				await runAdminCommand(
					deps,
					d,
					replies,
					{ subcommand: "results", args: name.replace(/\s/g, "") },
					ctx,
				);
				expect(sent).toHaveLength(3);
				for (const reply of sent)
					expect(
						inert(reply.replace(/`[^`\n]*`/g, "")),
						reply.slice(0, 200),
					).toEqual([]);
			}
			expect(markdownLiveMarkup(teamsText.unknown(name))).toEqual([]);
		});

		it("in a Slack status reply's notification text", async () => {
			const sent: Json[] = [];
			const replies = slackAdminReplies(
				async (m) => {
					sent.push(m as Json);
					return undefined as never;
				},
				async () => undefined,
			);
			await replies.status({
				summary: `${name}: 45% responded`,
				campaign,
				rates: rates(name),
				groups,
				deliveries: [],
			});
			expect(slackLiveMarkup(String(sent[0]?.text))).toEqual([]);
		});
	},
);
