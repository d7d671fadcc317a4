import {
	shippedLanguages,
	type Translator,
	translatorFor,
} from "./translator.js";

/** A language tag in its canonical BCP 47 form (`cy-gb` → `cy-GB`), or null when it is not a well-formed tag. */
export function canonicalLanguage(tag: string): string | null {
	try {
		return Intl.getCanonicalLocales(tag.trim())[0] ?? null;
	} catch {
		return null;
	}
}

/**
 * Which of `among` serves a reader of language `tag`: the same tag, else the same language (`cy-GB` → `cy`,
 * `en-US` → `en-GB`); null when none does or the tag is not BCP 47.
 */
export function matchLanguage(
	tag: string,
	among: readonly string[],
): string | null {
	const canonical = canonicalLanguage(tag);
	if (!canonical) return null;
	const exact = among.find((l) => l.toLowerCase() === canonical.toLowerCase());
	if (exact) return exact;
	const language = new Intl.Locale(canonical).language;
	return among.find((l) => new Intl.Locale(l).language === language) ?? null;
}

/** Why `tag` cannot be a person's or the deployment's language, or null when a shipped catalogue serves it. */
export function languageProblem(tag: string): string | null {
	if (!canonicalLanguage(tag))
		return `${JSON.stringify(tag.slice(0, 40))} is not a BCP 47 language tag (like en-GB or cy)`;
	if (!matchLanguage(tag, shippedLanguages))
		return `${JSON.stringify(tag.slice(0, 40))} is not a supported language; supported: ${shippedLanguages.join(", ")}`;
	return null;
}

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
		this.enabled = [
			...new Set([fallback, ...opts.enabled.flatMap((l) => shipped(l) ?? [])]),
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
