import type { PostPayload } from "../../../domain/deliveries/outbox-store.js";
import { type AdaptiveCard, adaptiveCard, textBlock } from "./adaptive-card.js";

/** A channel post (a progress update) or a DM to an admin: its text, then its lines in small print. */
export function postCard(payload: PostPayload): AdaptiveCard {
	return adaptiveCard(
		[
			textBlock(payload.text.replace(/(^|[^*])\*([^*\n]+)\*/g, "$1**$2**")),
			...(payload.lines?.length
				? [
						textBlock(payload.lines.join("\n\n"), {
							isSubtle: true,
							size: "Small",
						}),
					]
				: []),
		],
		[],
		payload.text,
	);
}
