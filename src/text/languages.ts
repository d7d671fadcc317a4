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
	private readonly matched = new Map<string, string | null>();

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
			let found = this.matched.get(c);
			if (found === undefined) {
				found = matchLanguage(c, this.enabled);
				// Few distinct tags occur (a roster's, the Teams clients'): each is matched once.
				if (this.matched.size < 1000) this.matched.set(c, found);
			}
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
