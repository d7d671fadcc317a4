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
	const m = nudgeMessage(campaign.name, payload, t);
	return adaptiveCard(
		[
			heading(escapeMarkdown(m.title)),
			...m.lines.map((l) => textBlock(escapeMarkdown(l))),
			textBlock(m.tips.map((t) => `- ${escapeMarkdown(t)}`).join("\n")),
		],
		[],
		m.title,
	);
}
