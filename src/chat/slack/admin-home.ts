import type { HomeView, KnownBlock } from "@slack/types";
import type {
	ResponseRate,
	ResponseRates,
} from "../../domain/participation/response-rates.js";
import type { CampaignReport } from "../../domain/reporting/campaign-report.js";
import { formatClosingDay, formatDate } from "../../text/format-date.js";
import { plural } from "../../text/plural.js";
import {
	chunkedSections,
	context,
	escapeMrkdwn as esc,
	section,
	truncate,
} from "./blocks.js";
import { publishActions, reportHeadline } from "./report-blocks.js";

/** One campaign in the admin's list. */
export type AdminCampaign = {
	id: string;
	name: string;
	status: "draft" | "open" | "closing" | "closed";
	closesOn: string;
	responseRatePercent: number;
	publishedOn: string | null;
};

/** What the D&I lead's App Home shows: the open campaign's participation, all campaigns, the latest report. */
export type AdminHome = {
	campaigns: AdminCampaign[];
	open: {
		name: string;
		closesOn: string;
		targetRate: number;
		rates: ResponseRates;
	} | null;
	/** `channel` names the button ("Post to #leadership"); without it the button says "the leadership channel". */
	lastReport: {
		report: CampaignReport;
		publishedOn: string | null;
		channel?: string;
	} | null;
};

/** Most blocks in a Home tab (Slack's Block Kit limits). */
const homeBlocks = 100;
/** How many campaigns the list shows, newest first. */
const maxCampaigns = 20;
const nameLength = 80;
const noCampaigns = "No campaigns yet. Run `/census start` to begin.";

const pct = (r: ResponseRate) => `${Math.round(100 * r.rate)}%`;
const name = (value: string) => esc(truncate(value, nameLength));

const statusText: Record<
	AdminCampaign["status"],
	(c: AdminCampaign) => string
> = {
	draft: () => "draft",
	open: (c) =>
		`open until ${formatClosingDay(c.closesOn)}, ${c.responseRatePercent}% responded`,
	closing: (c) => `closing, ${c.responseRatePercent}% responded`,
	closed: (c) =>
		`closed ${formatDate(c.closesOn)}, ${c.responseRatePercent}% responded \u00b7 ${c.publishedOn === null ? "results not posted" : `results posted ${formatDate(c.publishedOn)}`}`,
};

/** The campaign list, newest (latest closing date) first, at most `maxCampaigns`. */
function campaignBlocks(campaigns: AdminCampaign[]): KnownBlock[] {
	if (campaigns.length === 0) return [section(`*Campaigns*\n${noCampaigns}`)];
	const newest = campaigns
		.slice()
		.sort((a, b) => b.closesOn.localeCompare(a.closesOn));
	const lines = newest
		.slice(0, maxCampaigns)
		.map((c) => `\u2022 *${name(c.name)}*: ${statusText[c.status](c)}`);
	if (newest.length > maxCampaigns)
		lines.push(`\u2026 and ${newest.length - maxCampaigns} older campaigns.`);
	return chunkedSections(["*Campaigns*", ...lines], {
		empty: noCampaigns,
		maxChunks: 2,
		more: (left) => `\u2026 and ${plural(left, "more campaign")}.`,
	});
}

/** The latest report's headline, with the publish button while it has not been posted. */
function lastReportBlocks(last: NonNullable<AdminHome["lastReport"]>) {
	const { report, publishedOn } = last;
	const channel = last.channel ?? "the leadership channel";
	const blocks: KnownBlock[] = [
		section(
			`*Latest results: ${name(report.campaignName)}* (closed ${report.closedOn})`,
		),
		context(
			publishedOn === null
				? "Not posted yet; only census admins can see it here."
				: `Posted to ${esc(channel)} on ${publishedOn}.`,
		),
		...reportHeadline(report),
	];
	if (publishedOn === null)
		blocks.push(publishActions(report, { channel, publishedOn }));
	return blocks;
}

/** The open campaign's participation overall, then by reporting group sorted by name within `maxSections`. */
function openBlocks(
	open: NonNullable<AdminHome["open"]>,
	maxSections: number,
): KnownBlock[] {
	const o = open.rates.overall;
	const groups = open.rates.groups
		.slice()
		.sort((a, b) => a.name.localeCompare(b.name))
		.map(
			(g) =>
				`\u2022 ${name(g.name)}: ${pct(g)} (${g.responded} of ${g.invited})`,
		);
	return [
		section(
			`*Open: ${name(open.name)}*, closes at ${formatClosingDay(open.closesOn)}\n*${pct(o)}* responded (${o.responded} of ${o.invited}; target ${open.targetRate}%)`,
		),
		...chunkedSections(groups, {
			empty: "No reporting groups.",
			maxChunks: maxSections,
			more: (left) => `\u2026 and ${plural(left, "more group")}.`,
		}),
		context(
			"Only participation is visible while the census is open; answers stay sealed until it closes.",
		),
	];
}

/** App Home for a census admin (D&I lead). */
export function adminHomeView(input: AdminHome): HomeView {
	const header: KnownBlock = {
		type: "header",
		text: { type: "plain_text", text: "Census admin" },
	};
	if (input.campaigns.length === 0 && !input.open && !input.lastReport)
		return {
			type: "home",
			blocks: [
				header,
				section(noCampaigns),
				context("Run `/census help` to see every command."),
			],
		};
	const campaigns = campaignBlocks(input.campaigns);
	const last = input.lastReport ? lastReportBlocks(input.lastReport) : [];
	const dividers = last.length > 0 ? 2 : 1;
	// The open campaign's summary line and sealed-answers note take two blocks besides its group sections.
	const rest = 1 + campaigns.length + last.length + dividers + 2;
	const open = input.open
		? openBlocks(input.open, homeBlocks - rest)
		: [section("*No census is open.* Run `/census start` to begin one.")];
	return {
		type: "home",
		blocks: [
			header,
			...open,
			{ type: "divider" },
			...campaigns,
			...(last.length > 0 ? [{ type: "divider" } as const, ...last] : []),
		],
	};
}
