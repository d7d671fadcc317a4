import type { KnownBlock, ModalView, View } from "@slack/types";
import type { ReportingGroup } from "../../domain/campaigns/reporting-groups.js";
import type { ResponseRates } from "../../domain/participation/response-rates.js";
import type { Campaign } from "../../domain/ports.js";
import { catalogue } from "../../domain/questions/catalogue.js";
import { escapeMrkdwn } from "../../text/escape-mrkdwn.js";
import { english, type Translator } from "../../text/translator.js";
import { slackDialect } from "../admin/dialect.js";
import {
	type InvitationMessage,
	invitationMessage,
} from "../invitation-message.js";
import { notInvitedText, trustStatement } from "../messages.js";

export { escapeMrkdwn };

/** Action and callback ids (the stable names in README.md for the first two). */
export const ids = {
	answer: "census_answer",
	optOut: "census_optout",
	trust: "census_trust",
	answerModal: "census_answer_modal",
	/** The D&I lead's "Post to {channel}" button; its value is the campaign id. */
	publish: "census_publish",
	/** The link button to the organisation's privacy notice (Slack still sends an action for it). */
	privacyNotice: "census_privacy_notice",
	/** The start form (`/census start` alone) and its "Update preview" button. */
	startModal: "census_start_modal",
	startPreview: "census_start_preview",
	/** An admin's Import button under an uploaded roster's dry run; its value is the upload's id, never content. */
	rosterImport: "census_roster_import",
} as const;

/** Text limits the renderers depend on: Slack's Block Kit limits, and the widely cited button text limit. */
export const limits = {
	sectionText: 3000,
	headerText: 150,
	buttonText: 75,
} as const;

/** Cuts `value` to at most `max` characters, ending with an ellipsis when it was cut. */
export function truncate(value: string, max: number): string {
	return value.length <= max ? value : `${value.slice(0, max - 1)}\u2026`;
}

/**
 * mrkdwn text, cut to the section text limit. `verbatim`: Slack links nothing on its own (no bare URL, channel
 * name or mention in a name becomes live); what we write ourselves uses explicit markup only.
 */
const mrkdwn = (markdown: string) => ({
	type: "mrkdwn" as const,
	text: truncate(markdown, limits.sectionText),
	verbatim: true,
});

/** A mrkdwn section. Names in it must have gone through `escapeMrkdwn`. */
export const section = (markdown: string): KnownBlock => ({
	type: "section",
	text: mrkdwn(markdown),
});

/** A context block with one mrkdwn element. Names in it must have gone through `escapeMrkdwn`. */
export const context = (markdown: string): KnownBlock => ({
	type: "context",
	elements: [mrkdwn(markdown)],
});

/**
 * The trust button's value: the language the message around it is in and the campaign's smallest group shown, so
 * the statement opens in that language and says the campaign's own k without a look-up (`trust:<locale>:<k>`;
 * buttons sent earlier carry `trust` or `trust:<locale>`).
 */
export function trustValue(t: Translator, k: number): string {
	return `trust:${t.locale}:${k}`;
}

/** The language a trust button's value names, or null for English (UK) or a value of another shape. */
export function languageOfTrustValue(value: string | undefined): string | null {
	const m = /^trust:([A-Za-z0-9-]{2,35})(?::\d{1,6})?$/.exec(value ?? "");
	return m?.[1] ?? null;
}

/** The campaign's smallest group shown, as a trust button's value carries it; null for one sent without it. */
export function minCellOfTrustValue(value: string | undefined): number | null {
	const m = /^trust:[A-Za-z0-9-]{2,35}:(\d{1,6})$/.exec(value ?? "");
	return m?.[1] ? Number(m[1]) : null;
}

/** The button that opens the question modal; its value is the campaign it answers. */
function answerButton(campaign: Campaign, primary: boolean, t: Translator) {
	return {
		type: "button" as const,
		action_id: ids.answer,
		...(primary ? { style: "primary" as const } : {}),
		text: { type: "plain_text" as const, text: t.t("button.answer") },
		value: campaign.id,
	};
}

/**
 * The invitation's and reminders' buttons: Answer and Don't remind me, each naming the campaign, the trust
 * statement and, when the organisation gave one, a link to its privacy notice.
 */
export function inviteActions(
	campaign: Campaign,
	blockId: string,
	t: Translator,
	privacyUrl: string | null = null,
): KnownBlock {
	return {
		type: "actions",
		block_id: blockId,
		elements: [
			answerButton(campaign, true, t),
			{
				type: "button",
				action_id: ids.optOut,
				text: { type: "plain_text", text: t.t("button.optOut") },
				value: campaign.id,
			},
			{
				type: "button",
				action_id: ids.trust,
				text: { type: "plain_text", text: t.t("button.trust") },
				value: trustValue(t, campaign.minCellSize),
			},
			...(privacyUrl === null
				? []
				: [
						{
							type: "button" as const,
							action_id: ids.privacyNotice,
							text: {
								type: "plain_text" as const,
								text: t.t("button.privacyNotice"),
							},
							url: privacyUrl,
						},
					]),
		],
	};
}

/** The invitation DM: who runs it, why, who sees what, how it is protected, and the buttons. */
export function invitationBlocks(
	campaign: Campaign,
	t: Translator,
): KnownBlock[] {
	const m = invitationMessage(campaign, slackDialect, t);
	return [
		...invitationContent(m),
		inviteActions(campaign, "census_invite_actions", t, m.privacyUrl),
	];
}

/** The invitation's words without its buttons: the title, the paragraphs and the footer. */
export function invitationContent(m: InvitationMessage): KnownBlock[] {
	return [
		{
			type: "header",
			text: { type: "plain_text", text: m.title },
		},
		...m.paragraphs.map(section),
		context(m.footer),
	];
}

/** The neutral message that replaces the invitation once someone has answered. */
export function thankYouBlocks(t: Translator): KnownBlock[] {
	return [section(t.t("result.thanks"))];
}

/** The invitation after "don't remind me": still answerable, no reminders. */
export function optedOutBlocks(
	campaign: Campaign,
	t: Translator,
): KnownBlock[] {
	return [
		section(t.t("result.optedOut")),
		{
			type: "actions",
			block_id: "census_optout_actions",
			elements: [answerButton(campaign, false, t)],
		},
	];
}

/** The question modal. Option values are the catalogue's stable ids; the campaign id is the only metadata. */
export function questionModal(campaign: Campaign, t: Translator): ModalView {
	const blocks: KnownBlock[] = [context(t.t("questions.intro"))];
	for (const key of campaign.questions) {
		const q = t.question(key);
		blocks.push({
			type: "input",
			block_id: `q_${key}`,
			optional: key !== "key",
			label: { type: "plain_text", text: q.text },
			...(q.help ? { hint: { type: "plain_text", text: q.help } } : {}),
			element: {
				type: "radio_buttons",
				action_id: "choice",
				options: catalogue[key].options.map((option) => {
					const o = t.option(option.id);
					return {
						text: { type: "plain_text", text: o.label },
						value: option.id,
						...(o.hint
							? { description: { type: "plain_text", text: o.hint } }
							: {}),
					};
				}),
			},
		});
	}
	return {
		type: "modal",
		callback_id: ids.answerModal,
		private_metadata: campaign.id,
		title: { type: "plain_text", text: t.t("census.title") },
		submit: { type: "plain_text", text: t.t("button.send") },
		close: { type: "plain_text", text: t.t("button.cancel") },
		blocks,
	};
}

/** A modal that only says something. */
export function messageModal(
	title: string,
	body: string | string[],
	t: Translator,
): ModalView {
	const parts = Array.isArray(body) ? body : [body];
	return {
		type: "modal",
		title: { type: "plain_text", text: title },
		close: { type: "plain_text", text: t.t("button.close") },
		blocks: parts.map(section),
	};
}

/** The trust statement modal. */
export function trustModal(t: Translator, k: number | null): ModalView {
	return messageModal(
		t.t("trust.title"),
		trustStatement(t, slackDialect, k),
		t,
	);
}

/** App Home for an employee: is a census open, have they answered, and the trust statement. */
export function homeView(
	state: {
		campaign: Campaign | null;
		status: string | null;
	},
	t: Translator,
): View {
	const lines: KnownBlock[] = [
		{ type: "header", text: { type: "plain_text", text: t.t("census.title") } },
	];
	if (!state.campaign) lines.push(section(t.t("result.noCensus")));
	else {
		lines.push(
			section(
				t.t("home.open", {
					campaign: `*${escapeMrkdwn(state.campaign.name)}*`,
					until: t.closingDay(state.campaign.closesOn),
				}),
			),
		);
		if (state.status === "responded") lines.push(section(t.t("home.answered")));
		else if (state.status === null)
			lines.push(
				section(notInvitedText(state.campaign.organiser, slackDialect, t)),
			);
		else {
			lines.push(section(t.t("home.notYet")));
			lines.push({
				type: "actions",
				block_id: "census_home_actions",
				elements: [answerButton(state.campaign, true, t)],
			});
		}
	}
	// With no census open there is nothing to protect yet, and no campaign's k to state.
	if (state.campaign)
		lines.push(
			{ type: "divider" },
			...trustStatement(t, slackDialect, state.campaign.minCellSize).map(
				section,
			),
		);
	return { type: "home", blocks: lines };
}

const pct = (r: number) => `${Math.round(100 * r)}%`;

/** How many row sections a status message may carry. */
const maxRowSections = 40;

/** How `chunkedLines` packs: at most `maxChunks` texts of `limit` characters, the last saying what was left out. */
export type ChunkOptions = {
	limit?: number;
	maxChunks: number;
	more: (left: number) => string;
};

/**
 * Packs lines into as few texts as fit `limit` characters, at most `maxChunks` of them. When lines are left out,
 * the last text ends with `more(left)`, so the reader knows the list is not complete.
 */
export function chunkedLines(lines: string[], opts: ChunkOptions): string[] {
	const limit = opts.limit ?? limits.sectionText;
	const maxChunks = Math.max(1, opts.maxChunks);
	const chunks: string[][] = [];
	const size: number[] = [];
	let used = 0;
	for (const raw of lines) {
		const line = truncate(raw, limit);
		const last = chunks.length - 1;
		if (last >= 0 && (size[last] ?? 0) + 1 + line.length <= limit) {
			chunks[last]?.push(line);
			size[last] = (size[last] ?? 0) + 1 + line.length;
		} else if (chunks.length < maxChunks) {
			chunks.push([line]);
			size.push(line.length);
		} else break;
		used += 1;
	}
	const last = chunks[chunks.length - 1];
	if (last && used < lines.length) {
		const joined = () => last.join("\n").length;
		while (
			last.length > 0 &&
			joined() + 1 + opts.more(lines.length - used).length > limit
		) {
			last.pop();
			used -= 1;
		}
		last.push(opts.more(lines.length - used));
	}
	return chunks.map((c) => c.join("\n"));
}

/** Packs lines into as few sections as fit Slack's limits (at most `maxChunks`), saying how many were left out. */
export function chunkedSections(
	lines: string[],
	opts: ChunkOptions & { empty: string },
): KnownBlock[] {
	if (lines.length === 0) return [section(opts.empty)];
	return chunkedLines(lines, opts).map(section);
}

/** `/census status`: participation only, overall and by reporting group. */
export function statusBlocks(
	campaign: Campaign,
	rates: ResponseRates,
	groups: readonly ReportingGroup[] = [],
	t: Translator = english,
): KnownBlock[] {
	const merged = groups
		.filter((g) => g.departments.length > 1 || g.departments[0] !== g.name)
		.map((g) =>
			t.t("status.combines", {
				group: escapeMrkdwn(g.name),
				departments: g.departments.map(escapeMrkdwn).join(", "),
			}),
		);
	const o = rates.overall;
	const rows = rates.groups
		.slice()
		.sort((a, b) => a.name.localeCompare(b.name))
		.map(
			(g) =>
				`\u2022 ${t.t("status.group", {
					group: escapeMrkdwn(g.name),
					rate: pct(g.rate),
					responded: g.responded,
					invited: g.invited,
				})}`,
		);
	return [
		section(
			t.t(o.unreachable > 0 ? "status.overallUnreachable" : "status.overall", {
				campaign: `*${escapeMrkdwn(campaign.name)}*`,
				rate: pct(o.rate),
				responded: o.responded,
				invited: o.invited,
				target: campaign.targetRate,
				unreachable: o.unreachable,
				closes: t.closingDay(campaign.closesOn),
			}),
		),
		...chunkedSections(rows, {
			empty: t.t("status.noGroups"),
			maxChunks: maxRowSections,
			more: (left) => t.t("status.moreGroups", { n: left }),
		}),
		...(merged.length > 0
			? [
					context(
						t
							.t("status.merged", {
								n: campaign.minGroupHeadcount,
								merged: merged.join("; "),
							})
							.slice(0, 2900),
					),
				]
			: []),
		context(t.t("status.sealed")),
	];
}
