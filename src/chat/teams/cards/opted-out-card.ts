import type { Campaign } from "../../../domain/ports.js";
import type { Translator } from "../../../text/translator.js";
import { type AdaptiveCard, adaptiveCard, textBlock } from "./adaptive-card.js";
import { answerActions } from "./invitation-card.js";

/** The invitation after "Don't remind me": no more reminders, and still answerable until it closes. */
export function optedOutCard(campaign: Campaign, t: Translator): AdaptiveCard {
	const says = t.t("result.optedOut");
	return adaptiveCard(
		[textBlock(says)],
		answerActions(campaign, t, { optOut: false }),
		says,
	);
}
