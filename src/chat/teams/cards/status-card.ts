import { english } from "../../../text/translator.js";
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
	const t = v.t ?? english;
	const o = rates.overall;
	const merged = groups
		.filter((g) => g.departments.length > 1 || g.departments[0] !== g.name)
		.map((g) =>
			t.t("status.combines", {
				group: esc(g.name),
				departments: esc(g.departments.join(", ")),
			}),
		);
	const rows = rates.groups
		.slice()
		.sort((a, b) => a.name.localeCompare(b.name))
		.map(
			(g) =>
				`- ${t.t("status.group", {
					group: esc(g.name),
					rate: pct(g.rate),
					responded: g.responded,
					invited: g.invited,
				})}`,
		);
	const shown = rows.slice(0, maxGroups);
	const more = rows.length - shown.length;
	return adaptiveCard(
		[
			textBlock(
				t.t(
					o.unreachable > 0 ? "status.overallUnreachable" : "status.overall",
					{
						campaign: `**${esc(cut(campaign.name, 150))}**`,
						rate: pct(o.rate),
						responded: o.responded,
						invited: o.invited,
						target: campaign.targetRate,
						unreachable: o.unreachable,
						closes: t.closingDay(campaign.closesOn),
					},
				),
			),
			textBlock(
				shown.length > 0
					? `${shown.join("\n")}${more > 0 ? `\n\n${t.t("status.moreGroups", { n: more })}` : ""}`
					: t.t("status.noGroups"),
			),
			...(merged.length > 0
				? [
						textBlock(
							t.t("status.merged", {
								n: campaign.minGroupHeadcount,
								merged: merged.join("; "),
							}),
							{ isSubtle: true, size: "Small" },
						),
					]
				: []),
			textBlock(v.deliveries.join("\n\n") || t.t("status.nothingSent"), {
				isSubtle: true,
				size: "Small",
			}),
			textBlock(t.t("status.sealed"), { isSubtle: true, size: "Small" }),
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
	const t = v.t ?? english;
	const status = teamsDialect.code(teamsDialect.command("status"));
	return adaptiveCard(
		[
			textBlock(
				t.t("status.channel", {
					campaign: `**${esc(cut(campaign.name, 150))}**`,
					percent: v.organisationPercent,
					target: campaign.targetRate,
					closes: t.closingDay(campaign.closesOn),
				}),
			),
			textBlock(t.t("status.channelNote", { command: status }), {
				isSubtle: true,
				size: "Small",
			}),
		],
		[],
		v.summary,
	);
}
