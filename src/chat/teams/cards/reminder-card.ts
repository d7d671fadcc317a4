import type { Campaign } from "../../../domain/ports.js";
import type { Translator } from "../../../text/translator.js";
import { reminderText } from "../../reminder-message.js";
import {
	type AdaptiveCard,
	adaptiveCard,
	escapeMarkdown,
	textBlock,
} from "./adaptive-card.js";
import { answerActions } from "./invitation-card.js";

/** A reminder (the `wave`th): short, with the invitation's buttons. */
export function reminderCard(
	campaign: Campaign,
	wave: number,
	t: Translator,
): AdaptiveCard {
	const says = reminderText(campaign.name, campaign.closesOn, wave, t);
	return adaptiveCard(
		[textBlock(escapeMarkdown(says))],
		answerActions(campaign, t),
		says,
	);
}
