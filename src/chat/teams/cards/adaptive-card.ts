/** One element or action of an Adaptive Card, as JSON. */
export type CardElement = Record<string, unknown>;

/** An Adaptive Card 1.5 (the newest version Teams supports for bot-sent cards), with Teams' `msteams` extension. */
export type AdaptiveCard = {
	type: "AdaptiveCard";
	$schema: string;
	version: "1.5";
	body: CardElement[];
	actions?: CardElement[];
	fallbackText?: string;
	msteams?: { width: "Full" };
};

/** The content type of an Adaptive Card attachment and of an invoke response that carries one. */
export const adaptiveCardType = "application/vnd.microsoft.card.adaptive";

/**
 * The `verb`s of the cards' `Action.Execute` buttons (the stable names in README.md for the first two).
 *
 * Action.Execute (Universal Actions, invoke `adaptiveCard/action`) rather than Action.Submit: the invoke's response
 * carries the card that replaces the one clicked, for that user, in the same round trip. So "Answer" turns the
 * invitation into the questions and "Send" turns the questions into the thank-you without the bot editing a message
 * by id afterwards (a second call that could fail, or leave the choices on screen); the answers travel only in the
 * invoke, never in a message Teams keeps. Action.Submit would post a message activity and need an update call.
 */
export const verbs = {
	answer: "census_answer",
	optOut: "census_optout",
	submit: "census_submit",
	publish: "census_publish",
	/** The start form (`census start` alone): start with its settings, or redraw its invitation preview. */
	start: "census_start",
	startPreview: "census_start_preview",
	/** An admin's Import under an uploaded roster's dry run; its data is the upload's id, never content. */
	rosterImport: "census_roster_import",
} as const;

/** Texts are cut to this length, so that no card nears Teams' message size limit. */
const maxText = 3000;

/** Teams' markdown escaping (`text/escape-teams-markdown.ts`) under the name the cards use. */
export { escapeTeamsMarkdown as escapeMarkdown } from "../../../text/escape-teams-markdown.js";

/** Cuts `value` to at most `max` characters, ending with an ellipsis when it was cut. */
export function cut(value: string, max = maxText): string {
	return value.length <= max ? value : `${value.slice(0, max - 1)}\u2026`;
}

/** A wrapping text block (markdown as Teams renders it in cards). Names in it must have gone through `escapeMarkdown`. */
export function textBlock(
	text: string,
	opts: Record<string, unknown> = {},
): CardElement {
	return { type: "TextBlock", text: cut(text), wrap: true, ...opts };
}

/** A heading text block. */
export function heading(text: string): CardElement {
	return textBlock(text, {
		size: "Large",
		weight: "Bolder",
		style: "heading",
	});
}

/** An `Action.Execute` button with `verb` and the campaign id as its data. */
export function execute(
	title: string,
	verb: string,
	data: Record<string, string>,
	style?: "positive" | "destructive",
): CardElement {
	return {
		type: "Action.Execute",
		title,
		verb,
		data,
		...(style ? { style } : {}),
	};
}

/** A card with this body and these actions, full width in Teams. */
export function adaptiveCard(
	body: CardElement[],
	actions: CardElement[] = [],
	fallbackText?: string,
): AdaptiveCard {
	return {
		type: "AdaptiveCard",
		$schema: "http://adaptivecards.io/schemas/adaptive-card.json",
		version: "1.5",
		body,
		...(actions.length > 0 ? { actions } : {}),
		...(fallbackText ? { fallbackText: cut(fallbackText, 500) } : {}),
		msteams: { width: "Full" },
	};
}

/** A card as a message attachment. */
export function cardAttachment(card: AdaptiveCard): {
	contentType: string;
	content: AdaptiveCard;
} {
	return { contentType: adaptiveCardType, content: card };
}
