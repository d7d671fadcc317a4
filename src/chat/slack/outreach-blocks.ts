import type { KnownBlock } from "@slack/types";
import type {
	ClaimedDelivery,
	NoticePayload,
	NudgePayload,
	PostPayload,
} from "../../domain/deliveries/outbox-store.js";
import type { Campaign } from "../../domain/ports.js";
import { slackDialect } from "../admin/dialect.js";
import { nudgeMessage } from "../nudge-message.js";
import { payloadOf } from "../payload-of.js";
import { postMessage } from "../post-message.js";
import { reminderText } from "../reminder-message.js";
import { context, escapeMrkdwn, inviteActions, section } from "./blocks.js";

/** A reminder DM: short, with the same Answer and Don't remind me buttons as the invitation. */
function reminderBlocks(campaign: Campaign, wave: number): KnownBlock[] {
	return [
		section(escapeMrkdwn(reminderText(campaign.name, campaign.closesOn, wave))),
		inviteActions(campaign, "census_reminder_actions"),
	];
}

/** A manager nudge: rates only, and what helps. */
function nudgeBlocks(campaign: Campaign, payload: NudgePayload): KnownBlock[] {
	const m = nudgeMessage(campaign.name, payload);
	return [
		section(`*${escapeMrkdwn(m.title)}*`),
		section(m.lines.map(escapeMrkdwn).join("\n")),
		section(m.tips.map((t) => `\u2022 ${escapeMrkdwn(t)}`).join("\n")),
	];
}

/** A channel post or a notice to a person: its text, then its lines in small print. */
function postBlocks(payload: PostPayload | NoticePayload): KnownBlock[] {
	const m = postMessage(payload, slackDialect);
	return [
		section(m.text),
		...(m.lines.length > 0 ? [context(m.lines.join("\n"))] : []),
	];
}

/** The Slack message for a reminder, nudge, post or notice delivery. */
export function outreachMessage(
	d: ClaimedDelivery,
	campaign: Campaign,
): { text: string; blocks: KnownBlock[] } {
	if (d.kind === "reminder")
		return {
			text: escapeMrkdwn(
				reminderText(campaign.name, campaign.closesOn, d.wave),
			),
			blocks: reminderBlocks(campaign, d.wave),
		};
	const p = payloadOf(d);
	if (p.kind === "nudge")
		return {
			text: escapeMrkdwn(nudgeMessage(campaign.name, p).title),
			blocks: nudgeBlocks(campaign, p),
		};
	return { text: postMessage(p, slackDialect).text, blocks: postBlocks(p) };
}
