import type { HomeView, KnownBlock } from "@slack/types";
import type {
	ResponseRate,
	ResponseRates,
} from "../../domain/participation/response-rates.js";
import type { CampaignReport } from "../../domain/reporting/campaign-report.js";
import { english, type Translator } from "../../text/translator.js";
import { slackDialect as d } from "../admin/dialect.js";
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
const noCampaigns = (t: Translator) =>
	t.t("adminHome.noCampaigns", { command: d.code(d.command("start")) });

const pct = (r: ResponseRate) => `${Math.round(100 * r.rate)}%`;
const name = (value: string) => esc(truncate(value, nameLength));

const statusText: Record<
	AdminCampaign["status"],
	(c: AdminCampaign, t: Translator) => string
> = {
	draft: (_, t) => t.t("adminHome.draft"),
	open: (c, t) =>
		t.t("adminHome.openUntil", {
			until: t.closingDay(c.closesOn),
			percent: c.responseRatePercent,
		}),
	closing: (c, t) =>
		t.t("adminHome.closing", { percent: c.responseRatePercent }),
	closed: (c, t) =>
		`${t.t("adminHome.closed", { day: t.day(c.closesOn), percent: c.responseRatePercent })} \u00b7 ${c.publishedOn === null ? t.t("adminHome.notPosted") : t.t("adminHome.posted", { day: t.day(c.publishedOn) })}`,
};

/** The campaign list, newest (latest closing date) first, at most `maxCampaigns`. */
function campaignBlocks(
	campaigns: AdminCampaign[],
	t: Translator,
): KnownBlock[] {
	const title = `*${t.t("adminHome.campaigns")}*`;
	if (campaigns.length === 0) return [section(`${title}\n${noCampaigns(t)}`)];
	const newest = campaigns
		.slice()
		.sort((a, b) => b.closesOn.localeCompare(a.closesOn));
	const lines = newest
		.slice(0, maxCampaigns)
		.map((c) => `\u2022 *${name(c.name)}*: ${statusText[c.status](c, t)}`);
	if (newest.length > maxCampaigns)
		lines.push(t.t("adminHome.older", { n: newest.length - maxCampaigns }));
	return chunkedSections([title, ...lines], {
		empty: noCampaigns(t),
		maxChunks: 2,
		more: (left) => t.t("adminHome.moreCampaigns", { n: left }),
	});
}

/** The latest report's headline, with the publish button while it has not been posted. */
function lastReportBlocks(
	last: NonNullable<AdminHome["lastReport"]>,
	t: Translator,
) {
	const { report, publishedOn } = last;
	const channel = last.channel ?? t.t("adminHome.leadershipChannel");
	const blocks: KnownBlock[] = [
		section(
			`*${t.t("adminHome.latest", { campaign: name(report.campaignName) })}* ${t.t("adminHome.closedOn", { day: t.day(report.closedOn) })}`,
		),
		context(
			publishedOn === null
				? t.t("adminHome.notPostedYet")
				: t.t("report.preview.posted", {
						channel: esc(channel),
						day: t.day(publishedOn),
					}),
		),
		...reportHeadline(report, t),
	];
	if (publishedOn === null)
		blocks.push(publishActions(report, { channel, publishedOn }, t));
	return blocks;
}

/** The open campaign's participation overall, then by reporting group sorted by name within `maxSections`. */
function openBlocks(
	open: NonNullable<AdminHome["open"]>,
	maxSections: number,
	t: Translator,
): KnownBlock[] {
	const o = open.rates.overall;
	const groups = open.rates.groups
		.slice()
		.sort((a, b) => a.name.localeCompare(b.name))
		.map(
			(g) =>
				`\u2022 ${t.t("status.group", {
					group: name(g.name),
					rate: pct(g),
					responded: g.responded,
					invited: g.invited,
				})}`,
		);
	const openLabel = t.t("adminHome.openLabel", { campaign: name(open.name) });
	const closes = t.t("adminHome.closesAt", {
		closes: t.closingDay(open.closesOn),
	});
	const responded = t.t("adminHome.responded", {
		rate: `*${pct(o)}*`,
		responded: o.responded,
		invited: o.invited,
		target: open.targetRate,
	});
	return [
		section(`*${openLabel}*, ${closes}\n${responded}`),
		...chunkedSections(groups, {
			empty: t.t("status.noGroups"),
			maxChunks: maxSections,
			more: (left) => t.t("status.moreGroups", { n: left }),
		}),
		context(t.t("status.sealed")),
	];
}

/** App Home for a census admin (D&I lead), in `t`'s language (the admin's). */
export function adminHomeView(
	input: AdminHome,
	t: Translator = english,
): HomeView {
	const header: KnownBlock = {
		type: "header",
		text: { type: "plain_text", text: t.t("adminHome.title") },
	};
	if (input.campaigns.length === 0 && !input.open && !input.lastReport)
		return {
			type: "home",
			blocks: [
				header,
				section(noCampaigns(t)),
				context(
					t.t("adminHome.helpHint", { command: d.code(d.command("help")) }),
				),
			],
		};
	const campaigns = campaignBlocks(input.campaigns, t);
	const last = input.lastReport ? lastReportBlocks(input.lastReport, t) : [];
	const dividers = last.length > 0 ? 2 : 1;
	// The open campaign's summary line and sealed-answers note take two blocks besides its group sections.
	const rest = 1 + campaigns.length + last.length + dividers + 2;
	const open = input.open
		? openBlocks(input.open, homeBlocks - rest, t)
		: [
				section(
					`*${t.t("adminHome.noneOpen")}* ${t.t("adminHome.startOne", { command: d.code(d.command("start")) })}`,
				),
			];
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
