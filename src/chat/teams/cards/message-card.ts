import { type AdaptiveCard, adaptiveCard, textBlock } from "./adaptive-card.js";

/** A card that only says something: the thank-you, "already answered", "closed", an error with its reference. */
export function messageCard(...paragraphs: string[]): AdaptiveCard {
	return adaptiveCard(
		paragraphs.map((p) => textBlock(p)),
		[],
		paragraphs[0],
	);
}
