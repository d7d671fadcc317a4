import type { Translator } from "../../../text/translator.js";
import type { AdaptiveCard } from "./adaptive-card.js";
import { messageCard } from "./message-card.js";

/** What replaces the questions once answered: the same neutral words for everyone, never the answer. */
export function thankYouCard(t: Translator): AdaptiveCard {
	return messageCard(t.t("result.thanks"));
}
