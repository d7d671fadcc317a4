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
	// The campaign name is escaped as it is put in; our own wording is not (Teams would show the escapes).
	const says = reminderText(
		campaign.name,
		campaign.closesOn,
		wave,
		t,
		escapeMarkdown,
	);
	return adaptiveCard(
		[textBlock(says)],
		answerActions(campaign, t),
		reminderText(campaign.name, campaign.closesOn, wave, t),
	);
}
