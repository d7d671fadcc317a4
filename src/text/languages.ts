import { matchLanguage } from "../domain/roster/language-tag.js";
import {
	shippedLanguages,
	type Translator,
	translatorFor,
} from "./translator.js";

/**
 * The languages a deployment speaks to employees in (`CENSUS_LANGUAGES`) and its default (`CENSUS_LANGUAGE`).
 * `pick` chooses a reader's: the first of their candidates (the roster's `language`, then their platform's locale)
 * that an enabled language serves, else the default.
 */
export class Languages {
	readonly enabled: readonly string[];
	readonly defaultLanguage: string;

	constructor(opts: { enabled: readonly string[]; defaultLanguage: string }) {
		const shipped = (tag: string) => matchLanguage(tag, shippedLanguages);
		const fallback = shipped(opts.defaultLanguage) ?? "en-GB";
		this.defaultLanguage = fallback;
		// English (UK), the complete catalogue, is always on.
		this.enabled = [
			...new Set([
				fallback,
				"en-GB",
				...opts.enabled.flatMap((l) => shipped(l) ?? []),
			]),
		];
	}

	/** The translator for a reader whose language may be any of `candidates`, most preferred first. */
	pick(...candidates: readonly (string | null | undefined)[]): Translator {
		for (const c of candidates) {
			if (!c) continue;
			const found = matchLanguage(c, this.enabled);
			if (found) return translatorFor(found);
		}
		return translatorFor(this.defaultLanguage);
	}
}

/** English (UK) only: the default of a deployment that says nothing. */
export const englishOnly = new Languages({
	enabled: ["en-GB"],
	defaultLanguage: "en-GB",
});
