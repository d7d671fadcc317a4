import { deliveryStall } from "../../domain/deliveries/delivery-stall.js";
import { invitesByPlatform } from "../../domain/deliveries/invites-by-platform.js";
import { stallAfterMs } from "../../jobs/recovery-timings.js";
import { english, type Translator } from "../../text/translator.js";
import type { AdminDeps } from "./admin-deps.js";
import type { AdminReplies } from "./admin-replies.js";
import { deliveryLines, platformInviteLines } from "./delivery-lines.js";
import type { Dialect } from "./dialect.js";

const platformName = { slack: "Slack", teams: "Teams" } as const;

/** `status`: participation by group and where every delivery stands. */
export async function statusCommand(
	deps: AdminDeps,
	d: Dialect,
	replies: AdminReplies,
	t: Translator = english,
): Promise<unknown> {
	const campaign = await deps.service.currentCampaign();
	if (!campaign) {
		const opening = await deps.store.findOpeningCampaign();
		const start = d.code(d.command("start"));
		return replies.text(
			opening
				? t.t(
						opening.stalled
							? "admin.status.stalledOpening"
							: "admin.status.opening",
						{
							campaign: d.bold(d.escape(opening.campaign.name)),
							written: opening.written,
							total: opening.total,
							command: start,
						},
					)
				: `${t.t("result.noCensus")} ${t.t("admin.startOne", { command: start })}`,
		);
	}
	if (replies.channel) {
		// Everyone in the channel reads this: the published organisation figure only.
		const organisationPercent = await deps.outreach.organisationRate(campaign);
		return replies.channel.status({
			// plain text: a summary; each platform's replies escape or show it as plain text.
			summary: t.t("admin.status.channelSummary", {
				campaign: campaign.name,
				percent: organisationPercent,
			}),
			campaign,
			organisationPercent,
			t,
		});
	}
	const rates = await deps.service.responseRates(campaign.id);
	const groups = await deps.store.listGroups(campaign.id);
	const counts = await deps.outbox.countDeliveries(campaign.id);
	const unknown = counts
		.filter((c) => c.state === "unknown")
		.reduce((s, c) => s + c.count, 0);
	const lines = deliveryLines(counts, t);
	if (counts.some((c) => c.kind === "invite"))
		lines.splice(
			1,
			0,
			...platformInviteLines(
				invitesByPlatform(
					await deps.outbox.countInvitesByIds(campaign.id),
					deps.platforms,
				),
				t,
			),
		);
	const stall = deliveryStall(
		await deps.outbox.pendingDeliveries(campaign.id),
		new Date(),
		deps.stallAfterMs ?? stallAfterMs(),
	);
	if (stall)
		lines.push(
			`${d.bold(t.t("admin.status.stalledLabel"))} ${t.t(
				"admin.status.stalled",
				{
					due: stall.due,
					stuck: duration(stall.stuckMs, t),
					oldest: duration(stall.oldestWaitMs, t),
					platforms: d.platforms(t),
				},
			)}`,
		);
	for (const p of (await deps.paused?.()) ?? []) {
		const service = platformName[p.platform];
		lines.push(
			`${d.bold(t.t("admin.status.pausedLabel", { service }))} ${t.t(
				"admin.status.paused",
				{
					service,
					reason: p.reason === "app_uninstalled" ? "uninstalled" : "revoked",
				},
			)}`,
		);
	}
	const givenUp = await deps.outbox.countGivenUp(campaign.id);
	if (givenUp > 0) lines.push(t.t("admin.status.givenUp", { n: givenUp }));
	if (unknown > 0)
		lines.push(
			t.t("admin.status.unknownNote", {
				platforms: d.platforms(t),
				command: d.code(d.command("resend-unknown")),
			}),
		);
	return replies.status({
		// plain text: a summary; each platform's replies escape or show it as plain text.
		summary: t.t("admin.status.summary", {
			campaign: campaign.name,
			percent: Math.round(100 * rates.overall.rate),
		}),
		campaign,
		rates,
		groups,
		deliveries: lines,
		t,
	});
}

/** A duration as people say it: "40 seconds", "1 minute", "12 minutes". */
function duration(ms: number, t: Translator): string {
	const s = Math.round(ms / 1000);
	return s < 60
		? t.t("admin.duration.seconds", { n: s })
		: t.t("admin.duration.minutes", { n: Math.round(s / 60) });
}
