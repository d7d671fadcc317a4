import { shippedCatalogues } from "../../src/text/message-catalogue.js";

/**
 * English (UK) runs of our own wording (12 characters or more, between placeholders) that the Welsh catalogue does
 * not have: a Welsh render containing one still speaks English there.
 */
export const englishOnlyWording: readonly string[] = (() => {
	const [en, cy] = shippedCatalogues;
	const welsh = Object.values(cy?.messages ?? {}).join("\n");
	return Object.values(en?.messages ?? {})
		.flatMap((m) => m.split(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/))
		.map((r) => r.trim())
		.filter((r) => r.length >= 12 && !welsh.includes(r));
})();
