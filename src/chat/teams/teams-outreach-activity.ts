import type { Activity } from "botbuilder";
import type { ClaimedDelivery } from "../../domain/deliveries/outbox-store.js";
import type { Campaign } from "../../domain/ports.js";
import type { Translator } from "../../text/translator.js";
import { teamsDialect } from "../admin/dialect.js";
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
 * only), a post or a notice, each an Adaptive Card in the reader's language `t`. Holds no answer and no name.
 */
export function teamsOutreachActivity(
	d: ClaimedDelivery,
	campaign: Campaign,
	t: Translator,
): Partial<Activity> {
	switch (d.kind) {
		case "invite":
			return cardMessage(t.t("invitation.title"), invitationCard(campaign, t));
		case "reminder":
			return cardMessage(
				reminderText(campaign.name, campaign.closesOn, d.wave, t),
				reminderCard(campaign, d.wave, t),
			);
		default: {
			const p = payloadOf(d);
			if (p.kind === "nudge")
				return cardMessage(
					nudgeMessage(campaign.name, p, t).title,
					nudgeCard(campaign, p, t),
				);
			return cardMessage(
				postMessage(p, teamsDialect, t).summary,
				postCard(p, t),
			);
		}
	}
}
