import type { WaveResult } from "../../domain/campaigns/outreach-service.js";
import { nounFor, plural } from "../../text/plural.js";
import { text } from "../messages.js";
import type { AdminDeps } from "./admin-deps.js";
import type { AdminReplies } from "./admin-replies.js";
import type { Dialect } from "./dialect.js";
import { dispatchSoon } from "./dispatch-soon.js";

function waveSummary(r: WaveResult): string {
	const be = (n: number) => nounFor(n, { one: "is", other: "are" });
	return (
		(r.lateInvitations > 0
			? ` ${plural(r.lateInvitations, "person", "people")} who could not be reached at the start ${be(r.lateInvitations)} invited now.`
			: "") +
		(r.managersNotOnRoster > 0
			? ` ${plural(r.managersNotOnRoster, "manager")} of low-uptake groups ${be(r.managersNotOnRoster)} not on the roster, so cannot be nudged.`
			: "") +
		(r.alreadyNudged > 0
			? ` ${plural(r.alreadyNudged, "manager")} already had a nudge in this wave, so ${nounFor(r.alreadyNudged, { one: "gets", other: "get" })} no other.`
			: "")
	);
}

/** `resend-unknown`: the admin's deliberate resend of deliveries the platform did not confirm. */
export async function resendUnknownCommand(
	deps: AdminDeps,
	_d: Dialect,
	replies: AdminReplies,
): Promise<unknown> {
	const campaign = await deps.service.currentCampaign();
	if (campaign?.status !== "open")
		return replies.text(`${text.noCensus} Nothing to resend.`);
	const requeued = await deps.outbox.requeueUnknown(campaign.id);
	await dispatchSoon(deps);
	return replies.text(
		requeued.length === 0
			? "No message has an unknown delivery."
			: `Sending ${plural(requeued.length, "message")} again whose delivery was unknown. Some of these people may get it twice.`,
	);
}

/** `remind`: the next reminder wave, now (each person still in their own working hours). */
export async function remindCommand(
	deps: AdminDeps,
	_d: Dialect,
	replies: AdminReplies,
): Promise<unknown> {
	const campaign = await deps.service.currentCampaign();
	if (campaign?.status !== "open")
		return replies.text(`${text.noCensus} Nothing to remind about.`);
	const r = await deps.outreach.remind(campaign);
	await dispatchSoon(deps);
	// In a channel everyone reads the reply: the number reminded is the number who have not answered, exactly.
	const reminders = replies.channel
		? "Reminders queued"
		: `${plural(r.reminders, "reminder")} queued`;
	return replies.text(
		`Reminder wave ${r.wave}: ${reminders} for people who have not answered or opted out, each sent in their working hours, and ${plural(r.nudges, "manager nudge")} for groups below ${campaign.lowUptakePercent}%.${waveSummary(r)}`,
	);
}

/** `nudge`: the managers' nudges now, rates only. */
export async function nudgeCommand(
	deps: AdminDeps,
	_d: Dialect,
	replies: AdminReplies,
): Promise<unknown> {
	const campaign = await deps.service.currentCampaign();
	if (campaign?.status !== "open")
		return replies.text(`${text.noCensus} Nothing to nudge about.`);
	const r = await deps.outreach.nudge(campaign);
	await dispatchSoon(deps);
	return replies.text(
		r.nudges === 0 && r.managersNotOnRoster === 0 && r.alreadyNudged > 0
			? `No manager was nudged: ${plural(r.alreadyNudged, "manager")} already had a nudge in this wave, and each gets at most one.`
			: r.nudges === 0 && r.managersNotOnRoster === 0
				? `No reporting group is below ${campaign.lowUptakePercent}%, so no manager was nudged.`
				: `${plural(r.nudges, "manager nudge")} queued for groups below ${campaign.lowUptakePercent}% (rates only, never names).${waveSummary(r)}`,
	);
}
