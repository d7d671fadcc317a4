import type { NudgePayload } from "../../../domain/deliveries/outbox-store.js";
import type { Campaign } from "../../../domain/ports.js";
import type { Translator } from "../../../text/translator.js";
import { nudgeMessage } from "../../nudge-message.js";
import {
	type AdaptiveCard,
	adaptiveCard,
	escapeMarkdown,
	heading,
	textBlock,
} from "./adaptive-card.js";

/** A manager nudge: rates only, never names, and what helps. */
export function nudgeCard(
	campaign: Campaign,
	payload: NudgePayload,
	t: Translator,
): AdaptiveCard {
	// The names are escaped as they are put in; our own wording is not (Teams would show `\(` as it is).
	const m = nudgeMessage(campaign.name, payload, t, escapeMarkdown);
	return adaptiveCard(
		[
			heading(m.title),
			...m.lines.map((l) => textBlock(l)),
			textBlock(m.tips.map((tip) => `- ${tip}`).join("\n")),
		],
		[],
		nudgeMessage(campaign.name, payload, t).title,
	);
}
