/**
 * The languages this product writes to employees in, English (UK) first: each has a message catalogue in
 * `src/text/catalogue/`, which is checked against this list when it is loaded.
 */
export const supportedLanguages: readonly string[] = ["en-GB", "cy"];

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

/** Why `tag` cannot be a person's language, as a code (`given` quoted as shown), or null when a supported one serves it. */
export function languageIssue(tag: string):
	| { code: "languageNotTag"; values: { given: string } }
	| {
			code: "languageUnsupported";
			values: { given: string; supported: string };
	  }
	| null {
	const given = JSON.stringify(
		tag.length > 40 ? `${tag.slice(0, 37)}...` : tag,
	);
	if (!canonicalLanguage(tag))
		return { code: "languageNotTag", values: { given } };
	if (!matchLanguage(tag, supportedLanguages))
		return {
			code: "languageUnsupported",
			values: { given, supported: supportedLanguages.join(", ") },
		};
	return null;
}

/** Why `tag` cannot be a person's or the deployment's language, in English, or null when a supported language serves it. */
export function languageProblem(tag: string): string | null {
	const issue = languageIssue(tag);
	if (issue === null) return null;
	if (issue.code === "languageNotTag")
		return `${issue.values.given} is not a BCP 47 language tag (like en-GB or cy)`;
	return `${issue.values.given} is not a supported language; supported: ${issue.values.supported}`;
}
