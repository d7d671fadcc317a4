import type { RespondFn } from "@slack/bolt";
import type { WaveResult } from "../../domain/campaigns/outreach-service.js";
import type { DeliveryCount } from "../../domain/deliveries/outbox-store.js";
import { text } from "../messages.js";
import { statusBlocks } from "./blocks.js";
import type { SlackDeps } from "./slack-deps.js";

type Reply = (t: string, blocks?: unknown[]) => ReturnType<RespondFn>;

/**
 * Hands new outbox rows to the queue. They are committed already, so if the queue is unreachable now the worker's
 * sweep picks them up: the admin's command still succeeded.
 */
export async function dispatchSoon(deps: SlackDeps): Promise<void> {
	await deps
		.dispatch()
		.catch((err: unknown) =>
			deps.logger.warn(
				{ err: err as Error },
				"queue unreachable: deliveries stay in the outbox for the next sweep",
			),
		);
}

const plural = (n: number, one: string, many = `${one}s`) =>
	`${n} ${n === 1 ? one : many}`;

/** One line per delivery kind: queued, sent, unknown, failed, undeliverable. */
export function deliveryLines(counts: DeliveryCount[]): string[] {
	const labels = {
		invite: "Invitations",
		reminder: "Reminders",
		nudge: "Manager nudges",
		post: "Posts",
	} as const;
	const lines: string[] = [];
	for (const kind of ["invite", "reminder", "nudge", "post"] as const) {
		const of = counts.filter((c) => c.kind === kind);
		if (of.length === 0) continue;
		const n = (...states: string[]) =>
			of
				.filter((c) => states.includes(c.state))
				.reduce((s, c) => s + c.count, 0);
		const parts = [
			`${n("sent")} sent`,
			`${n("queued", "sending")} queued`,
			`${n("unknown")} unknown`,
			`${n("failed")} failed`,
			`${n("undeliverable")} undeliverable`,
		];
		const cancelled = n("cancelled");
		if (cancelled > 0) parts.push(`${cancelled} no longer needed`);
		lines.push(`${labels[kind]}: ${parts.join(", ")}.`);
	}
	return lines;
}

/** `/census status`: participation by group and where every delivery stands. */
export async function status(deps: SlackDeps, reply: Reply) {
	const campaign = await deps.service.currentCampaign();
	if (!campaign) {
		const opening = await deps.store.findOpeningCampaign();
		return reply(
			opening
				? opening.stalled
					? `*${opening.campaign.name}* was being opened, but its start stopped after ${opening.written} of ${opening.total} invitations, and nothing was sent. Run \`/census start\` again: it replaces it.`
					: `*${opening.campaign.name}* is being opened: ${opening.written} of ${opening.total} invitations written. Nothing is sent until all are.`
				: `${text.noCensus} Start one with \`/census start\`.`,
		);
	}
	const rates = await deps.service.responseRates(campaign.id);
	const groups = await deps.store.listGroups(campaign.id);
	const counts = await deps.outbox.countDeliveries(campaign.id);
	const unknown = counts
		.filter((c) => c.state === "unknown")
		.reduce((s, c) => s + c.count, 0);
	const lines = deliveryLines(counts);
	if (unknown > 0)
		lines.push(
			"Unknown means Slack did not say whether the message arrived; `/census resend-unknown` sends those again.",
		);
	return reply(
		`${campaign.name}: ${Math.round(100 * rates.overall.rate)}% responded`,
		[
			...statusBlocks(campaign, rates, groups),
			{
				type: "context",
				elements: [
					{ type: "mrkdwn", text: lines.join("\n") || "Nothing sent yet." },
				],
			},
		],
	);
}

/** `/census resend-unknown`: the admin's deliberate resend of deliveries Slack did not confirm. */
export async function resendUnknown(deps: SlackDeps, reply: Reply) {
	const campaign = await deps.service.currentCampaign();
	if (campaign?.status !== "open")
		return reply(`${text.noCensus} Nothing to resend.`);
	const requeued = await deps.outbox.requeueUnknown(campaign.id);
	await dispatchSoon(deps);
	return reply(
		requeued.length === 0
			? "No message has an unknown delivery."
			: `Sending ${plural(requeued.length, "message")} again whose delivery was unknown. Some of these people may get it twice.`,
	);
}

function waveSummary(r: WaveResult): string {
	const missing =
		r.managersNotOnRoster > 0
			? ` ${plural(r.managersNotOnRoster, "manager")} of low-uptake groups ${r.managersNotOnRoster === 1 ? "is" : "are"} not on the roster, so cannot be nudged.`
			: "";
	return `${missing}`;
}

/** `/census remind`: the next reminder wave, now (each person still in their own working hours). */
export async function remind(deps: SlackDeps, reply: Reply) {
	const campaign = await deps.service.currentCampaign();
	if (campaign?.status !== "open")
		return reply(`${text.noCensus} Nothing to remind about.`);
	const r = await deps.outreach.remind(campaign);
	await dispatchSoon(deps);
	return reply(
		`Reminder wave ${r.wave}: ${plural(r.reminders, "reminder")} queued for people who have not answered or opted out, each sent in their working hours, and ${plural(r.nudges, "manager nudge")} for groups below ${campaign.lowUptakePercent}%.${waveSummary(r)}`,
	);
}

/** `/census nudge`: the managers' nudges now, rates only. */
export async function nudge(deps: SlackDeps, reply: Reply) {
	const campaign = await deps.service.currentCampaign();
	if (campaign?.status !== "open")
		return reply(`${text.noCensus} Nothing to nudge about.`);
	const r = await deps.outreach.nudge(campaign);
	await dispatchSoon(deps);
	return reply(
		r.nudges === 0 && r.managersNotOnRoster === 0
			? `No reporting group is below ${campaign.lowUptakePercent}%, so no manager was nudged.`
			: `${plural(r.nudges, "manager nudge")} queued for groups below ${campaign.lowUptakePercent}% (rates only, never names).${waveSummary(r)}`,
	);
}
