import type { QuestionKey } from "../domain/questions/catalogue.js";
import { formatDate, formatDay } from "./format-date.js";
import {
	type Catalogue,
	type MessageKey,
	shippedCatalogues,
} from "./message-catalogue.js";

/**
 * What a message is given. Every name in it must already be escaped for the markup it goes into: the catalogue's
 * own wording carries no markup, and the values are put in as they are.
 */
export type MessageValues = Record<string, string | number>;

/** Our wording in one language: its messages, its dates, and the questions. */
export type Translator = {
	/** The catalogue's language (BCP 47), e.g. `en-GB` or `cy`. */
	readonly locale: string;
	/** The message `key` with `values` put in. */
	t(key: MessageKey, values?: MessageValues): string;
	/** A calendar day (`YYYY-MM-DD`) as this language writes it: "18 December 2026". */
	day(isoDate: string): string;
	/** The closing day, said so that the day is clearly included ("the end of Friday 18 December 2026"). */
	closingDay(isoDate: string): string;
	/** A question's wording and, for some, a note under it. */
	question(key: QuestionKey): { text: string; help: string | null };
	/** An option's short label and, for some, its examples. */
	option(id: string): { label: string; hint: string | null };
};

function translatorOf(c: Catalogue): Translator {
	const t = (key: MessageKey, values?: MessageValues): string => {
		const format = c.compiled.get(key);
		if (!format) return key;
		const out = format.format(values);
		return Array.isArray(out) ? out.join("") : String(out);
	};
	const has = (key: string): key is MessageKey =>
		c.compiled.has(key as MessageKey);
	const maybe = (key: string) => (has(key) ? t(key) : null);
	return {
		locale: c.locale,
		t,
		day: (isoDate) => formatDate(isoDate, c.locale),
		closingDay: (isoDate) =>
			t("date.closingDay", { day: formatDay(isoDate, c.locale) }),
		question: (key) => ({
			text: maybe(`question.${key}.text`) ?? key,
			help: maybe(`question.${key}.help`),
		}),
		option: (id) => ({
			label: maybe(`option.${id}.label`) ?? id,
			hint: maybe(`option.${id}.hint`),
		}),
	};
}

const translators = new Map(
	shippedCatalogues.map((c) => [c.locale, translatorOf(c)]),
);

/** The languages this build ships a catalogue for, English (UK) first. */
export const shippedLanguages: readonly string[] = shippedCatalogues.map(
	(c) => c.locale,
);

/** The translator of a shipped language; English (UK) for any other. */
export function translatorFor(locale: string): Translator {
	return translators.get(locale) ?? english;
}

/** English (UK): the complete catalogue, and the default. */
export const english: Translator = translatorOf(
	shippedCatalogues[0] as Catalogue,
);
