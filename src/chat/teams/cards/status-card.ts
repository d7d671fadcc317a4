import { formatClosingDay } from "../../../text/format-date.js";
import { plural } from "../../../text/plural.js";
import type {
	ChannelStatusView,
	StatusView,
} from "../../admin/admin-replies.js";
import { teamsDialect } from "../../admin/dialect.js";
import {
	type AdaptiveCard,
	adaptiveCard,
	cut,
	escapeMarkdown as esc,
	textBlock,
} from "./adaptive-card.js";

const pct = (r: number) => `${Math.round(100 * r)}%`;
/** Groups listed on the card; the rest are counted, so the card stays small for any organisation. */
const maxGroups = 200;

/** `census status` in Teams: participation overall and by reporting group, and where the deliveries stand. */
export function statusCard(v: StatusView): AdaptiveCard {
	const { campaign, rates, groups } = v;
	const o = rates.overall;
	const merged = groups
		.filter((g) => g.departments.length > 1 || g.departments[0] !== g.name)
		.map((g) => `${esc(g.name)} combines ${esc(g.departments.join(", "))}`);
	const rows = rates.groups
		.slice()
		.sort((a, b) => a.name.localeCompare(b.name))
		.map(
			(g) =>
				`- ${esc(g.name)}: ${pct(g.rate)} (${g.responded} of ${g.invited})`,
		);
	const shown = rows.slice(0, maxGroups);
	const more = rows.length - shown.length;
	return adaptiveCard(
		[
			textBlock(
				`**${esc(cut(campaign.name, 150))}**: ${pct(o.rate)} responded (${o.responded} of ${o.invited}; target ${campaign.targetRate}%${o.unreachable > 0 ? `; ${o.unreachable} could not be reached and are not counted` : ""}). Closes at ${formatClosingDay(campaign.closesOn)}.`,
			),
			textBlock(
				shown.length > 0
					? `${shown.join("\n")}${more > 0 ? `\n\n\u2026 and ${plural(more, "more group")}.` : ""}`
					: "No reporting groups.",
			),
			...(merged.length > 0
				? [
						textBlock(
							`Departments under ${campaign.minGroupHeadcount} people are merged, fixed at launch: ${merged.join("; ")}.`,
							{ isSubtle: true, size: "Small" },
						),
					]
				: []),
			textBlock(v.deliveries.join("\n\n") || "Nothing sent yet.", {
				isSubtle: true,
				size: "Small",
			}),
			textBlock(
				"Only participation is visible while the census is open; answers stay sealed until it closes.",
				{ isSubtle: true, size: "Small" },
			),
		],
		[],
		v.summary,
	);
}

/**
 * `census status` in a channel: everyone there reads it, so only the organisation's published rate (rounded to 5
 * points, held under the release ledger), and where to see the rest.
 */
export function channelStatusCard(v: ChannelStatusView): AdaptiveCard {
	const { campaign } = v;
	const status = teamsDialect.code(teamsDialect.command("status"));
	return adaptiveCard(
		[
			textBlock(
				`**${esc(cut(campaign.name, 150))}**: about ${v.organisationPercent}% of people have answered so far (target ${campaign.targetRate}%). Closes at ${formatClosingDay(campaign.closesOn)}.`,
			),
			textBlock(
				`Everyone in this channel can read this, so it shows the organisation's rate only. Send ${status} in our personal chat for the figures by group and where the messages stand.`,
				{ isSubtle: true, size: "Small" },
			),
		],
		[],
		v.summary,
	);
}
