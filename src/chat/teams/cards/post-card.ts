import type {
	NoticePayload,
	PostPayload,
} from "../../../domain/deliveries/outbox-store.js";
import type { Translator } from "../../../text/translator.js";
import { teamsDialect } from "../../admin/dialect.js";
import { postMessage } from "../../post-message.js";
import { type AdaptiveCard, adaptiveCard, textBlock } from "./adaptive-card.js";

/** A channel post (a progress update) or a notice to a person: its text, then its lines in small print. */
export function postCard(
	payload: PostPayload | NoticePayload,
	t: Translator,
): AdaptiveCard {
	const m = postMessage(payload, teamsDialect, t);
	return adaptiveCard(
		[
			textBlock(m.text),
			...(m.lines.length > 0
				? [
						textBlock(m.lines.join("\n\n"), {
							isSubtle: true,
							size: "Small",
						}),
					]
				: []),
		],
		[],
		m.summary,
	);
}
