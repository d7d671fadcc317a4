import type { WaveResult } from "../../domain/campaigns/outreach-service.js";
import { english, type Translator } from "../../text/translator.js";
import type { AdminDeps } from "./admin-deps.js";
import type { AdminReplies } from "./admin-replies.js";
import type { Dialect } from "./dialect.js";
import { dispatchSoon } from "./dispatch-soon.js";

function waveSummary(r: WaveResult, t: Translator): string {
	return [
		r.lateInvitations > 0
			? t.t("admin.wave.late", { n: r.lateInvitations })
			: "",
		r.managersNotOnRoster > 0
			? t.t("admin.wave.notOnRoster", { n: r.managersNotOnRoster })
			: "",
		r.alreadyNudged > 0
			? t.t("admin.wave.alreadyNudged", { n: r.alreadyNudged })
			: "",
	]
		.filter((s) => s.length > 0)
		.map((s) => ` ${s}`)
		.join("");
}

/** `resend-unknown`: the admin's deliberate resend of deliveries the platform did not confirm. */
export async function resendUnknownCommand(
	deps: AdminDeps,
	_d: Dialect,
	replies: AdminReplies,
	t: Translator = english,
): Promise<unknown> {
	const campaign = await deps.service.currentCampaign();
	if (campaign?.status !== "open")
		return replies.text(
			`${t.t("result.noCensus")} ${t.t("admin.nothingToResend")}`,
		);
	const requeued = await deps.outbox.requeueUnknown(campaign.id);
	await dispatchSoon(deps);
	return replies.text(
		requeued.length === 0
			? t.t("admin.noUnknown")
			: t.t("admin.resending", { messages: requeued.length }),
	);
}

/** `remind`: the next reminder wave, now (each person still in their own working hours). */
export async function remindCommand(
	deps: AdminDeps,
	_d: Dialect,
	replies: AdminReplies,
	t: Translator = english,
): Promise<unknown> {
	const campaign = await deps.service.currentCampaign();
	if (campaign?.status !== "open")
		return replies.text(
			`${t.t("result.noCensus")} ${t.t("admin.nothingToRemind")}`,
		);
	const r = await deps.outreach.remind(campaign);
	await dispatchSoon(deps);
	// In a channel everyone reads the reply: the number reminded is the number who have not answered, exactly.
	const reminders = replies.channel
		? t.t("admin.remindersQueued")
		: t.t("admin.remindersCount", { n: r.reminders });
	return replies.text(
		`${t.t("admin.remindWave", {
			wave: r.wave,
			reminders,
			nudges: r.nudges,
			low: campaign.lowUptakePercent,
		})}${waveSummary(r, t)}`,
	);
}

/** `nudge`: the managers' nudges now, rates only. */
export async function nudgeCommand(
	deps: AdminDeps,
	_d: Dialect,
	replies: AdminReplies,
	t: Translator = english,
): Promise<unknown> {
	const campaign = await deps.service.currentCampaign();
	if (campaign?.status !== "open")
		return replies.text(
			`${t.t("result.noCensus")} ${t.t("admin.nothingToNudge")}`,
		);
	const r = await deps.outreach.nudge(campaign);
	await dispatchSoon(deps);
	const low = campaign.lowUptakePercent;
	return replies.text(
		r.nudges === 0 && r.managersNotOnRoster === 0 && r.alreadyNudged > 0
			? t.t("admin.nudge.allAlready", { n: r.alreadyNudged })
			: r.nudges === 0 && r.managersNotOnRoster === 0
				? t.t("admin.nudge.none", { low })
				: `${t.t("admin.nudge.queued", { n: r.nudges, low })}${waveSummary(r, t)}`,
	);
}
