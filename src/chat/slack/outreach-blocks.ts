import type { KnownBlock } from "@slack/types";
import type {
	ClaimedDelivery,
	NoticePayload,
	NudgePayload,
	PostPayload,
} from "../../domain/deliveries/outbox-store.js";
import type { Campaign } from "../../domain/ports.js";
import type { Translator } from "../../text/translator.js";
import { slackDialect } from "../admin/dialect.js";
import { nudgeMessage } from "../nudge-message.js";
import { payloadOf } from "../payload-of.js";
import { postMessage } from "../post-message.js";
import { reminderText } from "../reminder-message.js";
import { context, escapeMrkdwn, inviteActions, section } from "./blocks.js";

/** A reminder DM: short, with the same Answer and Don't remind me buttons as the invitation. */
function reminderBlocks(
	campaign: Campaign,
	wave: number,
	t: Translator,
): KnownBlock[] {
	return [
		section(
			reminderText(campaign.name, campaign.closesOn, wave, t, escapeMrkdwn),
		),
		inviteActions(campaign, "census_reminder_actions", t),
	];
}

/** A manager nudge: rates only, and what helps. */
function nudgeBlocks(
	campaign: Campaign,
	payload: NudgePayload,
	t: Translator,
): KnownBlock[] {
	// The names are escaped as they are put in, not our own wording.
	const m = nudgeMessage(campaign.name, payload, t, escapeMrkdwn);
	return [
		section(`*${m.title}*`),
		section(m.lines.join("\n")),
		section(m.tips.map((tip) => `\u2022 ${tip}`).join("\n")),
	];
}

/** A channel post or a notice to a person: its text, then its lines in small print. */
function postBlocks(
	payload: PostPayload | NoticePayload,
	t: Translator,
): KnownBlock[] {
	const m = postMessage(payload, slackDialect, t);
	return [
		section(m.text),
		...(m.lines.length > 0 ? [context(m.lines.join("\n"))] : []),
	];
}

/** The Slack message for a reminder, nudge, post or notice delivery, in the reader's language `t`. */
export function outreachMessage(
	d: ClaimedDelivery,
	campaign: Campaign,
	t: Translator,
): { text: string; blocks: KnownBlock[] } {
	if (d.kind === "reminder") {
		// The campaign name escaped as it is put in.
		const says = reminderText(
			campaign.name,
			campaign.closesOn,
			d.wave,
			t,
			escapeMrkdwn,
		);
		return { text: says, blocks: reminderBlocks(campaign, d.wave, t) };
	}
	const p = payloadOf(d);
	if (p.kind === "nudge") {
		const nudge = nudgeMessage(campaign.name, p, t, escapeMrkdwn);
		return { text: nudge.title, blocks: nudgeBlocks(campaign, p, t) };
	}
	return {
		text: postMessage(p, slackDialect, t).text,
		blocks: postBlocks(p, t),
	};
}
