import type { Campaign } from "../../../domain/ports.js";
import { text } from "../../messages.js";
import { type AdaptiveCard, adaptiveCard, textBlock } from "./adaptive-card.js";
import { answerActions } from "./invitation-card.js";

/** The invitation after "Don't remind me": no more reminders, and still answerable until it closes. */
export function optedOutCard(campaign: Campaign): AdaptiveCard {
	return adaptiveCard(
		[textBlock(text.optedOut)],
		answerActions(campaign, { optOut: false }),
		text.optedOut,
	);
}
