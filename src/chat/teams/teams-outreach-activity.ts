import type { Activity } from "botbuilder";
import type { ClaimedDelivery } from "../../domain/deliveries/outbox-store.js";
import type { Campaign } from "../../domain/ports.js";
import { teamsDialect } from "../admin/dialect.js";
import { invitationText } from "../messages.js";
import { nudgeMessage } from "../nudge-message.js";
import { payloadOf } from "../payload-of.js";
import { postMessage } from "../post-message.js";
import { reminderText } from "../reminder-message.js";
import { type AdaptiveCard, cardAttachment } from "./cards/adaptive-card.js";
import { invitationCard } from "./cards/invitation-card.js";
import { nudgeCard } from "./cards/nudge-card.js";
import { postCard } from "./cards/post-card.js";
import { reminderCard } from "./cards/reminder-card.js";

function cardMessage(summary: string, card: AdaptiveCard): Partial<Activity> {
	// `summary` is what notifications and the chat list show; the card is the message.
	return { type: "message", summary, attachments: [cardAttachment(card)] };
}

/**
 * The Teams message for one outbox delivery: the invitation, a reminder of its wave, a manager nudge (rates
 * only), a post or a notice, each an Adaptive Card. Holds no answer and no name.
 */
export function teamsOutreachActivity(
	d: ClaimedDelivery,
	campaign: Campaign,
): Partial<Activity> {
	switch (d.kind) {
		case "invite":
			return cardMessage(invitationText.title, invitationCard(campaign));
		case "reminder":
			return cardMessage(
				reminderText(campaign.name, campaign.closesOn, d.wave),
				reminderCard(campaign, d.wave),
			);
		default: {
			const p = payloadOf(d);
			if (p.kind === "nudge")
				return cardMessage(
					nudgeMessage(campaign.name, p).title,
					nudgeCard(campaign, p),
				);
			return cardMessage(postMessage(p, teamsDialect).summary, postCard(p));
		}
	}
}
