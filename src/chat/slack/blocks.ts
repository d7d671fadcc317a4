import type { KnownBlock, ModalView, View } from "@slack/types";
import type { ReportingGroup } from "../../domain/campaigns/reporting-groups.js";
import type { ResponseRates } from "../../domain/participation/response-rates.js";
import type { Campaign } from "../../domain/ports.js";
import { catalogue } from "../../domain/questions/catalogue.js";
import type { CampaignReport } from "../../domain/reporting/campaign-report.js";
import { invitationText, text, trustStatement } from "../messages.js";

/** Action and callback ids (DESIGN.md §7 for the first two). */
export const ids = {
	answer: "census_answer",
	optOut: "census_optout",
	trust: "census_trust",
	answerModal: "census_answer_modal",
} as const;

const section = (markdown: string): KnownBlock => ({
	type: "section",
	text: { type: "mrkdwn", text: markdown },
});
const context = (markdown: string): KnownBlock => ({
	type: "context",
	elements: [{ type: "mrkdwn", text: markdown }],
});

/** The button that opens the question modal. */
function answerButton(primary: boolean) {
	return {
		type: "button" as const,
		action_id: ids.answer,
		...(primary ? { style: "primary" as const } : {}),
		text: { type: "plain_text" as const, text: "Answer" },
		value: "answer",
	};
}

/** The invitation DM: why, who sees what, how it is protected, and the two buttons. */
export function invitationBlocks(campaign: Campaign): KnownBlock[] {
	return [
		{
			type: "header",
			text: { type: "plain_text", text: invitationText.title },
		},
		section(invitationText.why),
		section(`*Who sees what.* ${invitationText.who}`),
		section(`*How it is protected.* ${invitationText.how}`),
		context(`${invitationText.voluntary} Open until ${campaign.closesOn}.`),
		{
			type: "actions",
			block_id: "census_invite_actions",
			elements: [
				answerButton(true),
				{
					type: "button",
					action_id: ids.optOut,
					text: { type: "plain_text", text: "Don't remind me" },
					value: "optout",
				},
				{
					type: "button",
					action_id: ids.trust,
					text: { type: "plain_text", text: "How is my answer protected?" },
					value: "trust",
				},
			],
		},
	];
}

/** The neutral message that replaces the invitation once someone has answered. */
export function thankYouBlocks(): KnownBlock[] {
	return [section(text.thanks)];
}

/** The invitation after "don't remind me": still answerable, no reminders. */
export function optedOutBlocks(): KnownBlock[] {
	return [
		section(text.optedOut),
		{
			type: "actions",
			block_id: "census_optout_actions",
			elements: [answerButton(false)],
		},
	];
}

/** The question modal. Option values are the catalogue's stable ids; the campaign id is the only metadata. */
export function questionModal(campaign: Campaign): ModalView {
	const blocks: KnownBlock[] = [
		context(
			"Your answer is encrypted and stored anonymously. Every question has \u201cI prefer not to say\u201d.",
		),
	];
	for (const key of campaign.questions) {
		const q = catalogue[key];
		blocks.push({
			type: "input",
			block_id: `q_${key}`,
			optional: key !== "key",
			label: { type: "plain_text", text: q.text },
			...(q.help ? { hint: { type: "plain_text", text: q.help } } : {}),
			element: {
				type: "radio_buttons",
				action_id: "choice",
				options: q.options.map((o) => ({
					text: { type: "plain_text", text: o.label },
					value: o.id,
					...(o.hint
						? { description: { type: "plain_text", text: o.hint } }
						: {}),
				})),
			},
		});
	}
	return {
		type: "modal",
		callback_id: ids.answerModal,
		private_metadata: campaign.id,
		title: { type: "plain_text", text: "Background census" },
		submit: { type: "plain_text", text: "Send anonymously" },
		close: { type: "plain_text", text: "Cancel" },
		blocks,
	};
}

/** A modal that only says something. */
export function messageModal(
	title: string,
	body: string | string[],
): ModalView {
	const parts = Array.isArray(body) ? body : [body];
	return {
		type: "modal",
		title: { type: "plain_text", text: title },
		close: { type: "plain_text", text: "Close" },
		blocks: parts.map(section),
	};
}

/** The trust statement modal. */
export function trustModal(): ModalView {
	return messageModal("How we protect you", trustStatement);
}

/** App Home for an employee: is a census open, have they answered, and the trust statement. */
export function homeView(state: {
	campaign: Campaign | null;
	status: string | null;
}): View {
	const lines: KnownBlock[] = [
		{ type: "header", text: { type: "plain_text", text: "Background census" } },
	];
	if (!state.campaign) lines.push(section(text.noCensus));
	else {
		lines.push(
			section(
				`*${state.campaign.name}* is open until ${state.campaign.closesOn}.`,
			),
		);
		if (state.status === "responded")
			lines.push(section("You have answered. Thank you."));
		else if (state.status === null)
			lines.push(section("You are not on the roster for this census."));
		else {
			lines.push(section("You haven't answered yet. It takes under a minute."));
			lines.push({
				type: "actions",
				block_id: "census_home_actions",
				elements: [answerButton(true)],
			});
		}
	}
	lines.push({ type: "divider" }, ...trustStatement.map(section));
	return { type: "home", blocks: lines };
}

const pct = (r: number) => `${Math.round(100 * r)}%`;

/** Section text limit (block-kit-limits.md) and how many row sections a message may carry. */
const sectionLimit = 3000;
const maxRowSections = 40;

/** Packs lines into as few sections as fit Slack's limits, saying how many lines were left out. */
function chunkedSections(lines: string[], empty: string): KnownBlock[] {
	if (lines.length === 0) return [section(empty)];
	const chunks: string[] = [];
	let current = "";
	let used = 0;
	for (const line of lines) {
		if (current.length + line.length + 1 > sectionLimit) {
			if (chunks.length + 1 === maxRowSections) break;
			chunks.push(current);
			current = "";
		}
		current = current ? `${current}\n${line}` : line;
		used += 1;
	}
	chunks.push(current);
	if (used < lines.length)
		chunks.push(`… and ${lines.length - used} more groups.`);
	return chunks.map(section);
}

/** `/census status`: participation only, overall and by reporting group. */
export function statusBlocks(
	campaign: Campaign,
	rates: ResponseRates,
	groups: readonly ReportingGroup[] = [],
): KnownBlock[] {
	const merged = groups
		.filter((g) => g.departments.length > 1 || g.departments[0] !== g.name)
		.map((g) => `${g.name} combines ${g.departments.join(", ")}`);
	const o = rates.overall;
	const rows = rates.groups
		.slice()
		.sort((a, b) => a.name.localeCompare(b.name))
		.map(
			(g) =>
				`\u2022 ${g.name}: ${pct(g.rate)} (${g.responded} of ${g.invited})`,
		);
	return [
		section(
			`*${campaign.name}*: ${pct(o.rate)} responded (${o.responded} of ${o.invited}; target ${campaign.targetRate}%). Closes ${campaign.closesOn}.`,
		),
		...chunkedSections(rows, "No reporting groups."),
		...(merged.length > 0
			? [
					context(
						`Departments under ${campaign.minGroupHeadcount} people are merged, fixed at launch: ${merged.join("; ")}.`.slice(
							0,
							2900,
						),
					),
				]
			: []),
		context(
			"Only participation is visible while the census is open; answers stay sealed until it closes.",
		),
	];
}

/** The leadership report post. */
export function reportBlocks(report: CampaignReport): KnownBlock[] {
	const blocks: KnownBlock[] = [
		{
			type: "header",
			text: { type: "plain_text", text: `${report.campaignName}: results` },
		},
		section(
			`*Response rate:* ${report.responseRatePercent}% (${report.responded} of ${report.invited}; target ${report.targetRatePercent}%)`,
		),
	];
	if (report.published) {
		const rows = report.groups.map(
			(g) =>
				`\u2022 *${g.label}:* ${g.percent === null ? "[c]" : `${g.percent}%`} (UK workforce ${g.benchmarkPercent}%)`,
		);
		blocks.push(section(rows.join("\n")));
	}
	for (const n of report.notes) blocks.push(context(n));
	blocks.push(
		context(
			`Benchmark: ${report.benchmark.source}. Groups with fewer than ${report.minCellSize} answers are never shown.`,
		),
	);
	return blocks;
}
