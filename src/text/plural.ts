/** The words of one noun: its singular and its plural ("person", "people"). */
export type NounForms = { one: string; other: string };

const rules = new Map<string, Intl.PluralRules>();
const numbers = new Map<string, Intl.NumberFormat>();

function rulesFor(locale: string): Intl.PluralRules {
	let r = rules.get(locale);
	if (!r) {
		r = new Intl.PluralRules(locale);
		rules.set(locale, r);
	}
	return r;
}

function numberFormatFor(locale: string): Intl.NumberFormat {
	let f = numbers.get(locale);
	if (!f) {
		f = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
		numbers.set(locale, f);
	}
	return f;
}

/**
 * A count with its noun in the right form, chosen by `Intl.PluralRules`: `1 person`, `2 people`, `1,200 reminders`.
 * The one place plurals are decided, so a message catalogue can later supply the forms per locale.
 */
export function plural(
	n: number,
	one: string,
	other = `${one}s`,
	locale = "en-GB",
): string {
	return `${numberFormatFor(locale).format(n)} ${nounFor(n, { one, other }, locale)}`;
}

/** Only the noun for `n` ("person" or "people"), for sentences that place the number themselves. */
export function nounFor(n: number, forms: NounForms, locale = "en-GB"): string {
	return rulesFor(locale).select(n) === "one" ? forms.one : forms.other;
}
