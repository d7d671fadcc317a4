import { IntlMessageFormat } from "intl-messageformat";
import { z } from "zod";
import { catalogue as questions } from "../domain/questions/catalogue.js";
import { supportedLanguages } from "../domain/roster/language-tag.js";
import cy from "./catalogue/cy.json" with { type: "json" };
import enGB from "./catalogue/en-GB.json" with { type: "json" };

/** The name of one message: every shipped catalogue has every key of the English (UK) one. */
export type MessageKey = keyof typeof enGB.messages;

/**
 * One language's messages in ICU MessageFormat. `status`: `complete`, or `awaiting-review` for our own translation
 * that a fluent reviewer has not checked yet.
 */
export type Catalogue = {
	locale: string;
	name: string;
	status: "complete" | "awaiting-review";
	messages: Readonly<Record<MessageKey, string>>;
	/** Each message compiled once, for this catalogue's locale. */
	compiled: ReadonlyMap<MessageKey, IntlMessageFormat>;
};

const fileSchema = z.object({
	locale: z.string().min(2),
	name: z.string().min(1),
	status: z.enum(["complete", "awaiting-review"]),
	note: z.string().optional(),
	messages: z.record(z.string(), z.string().min(1)),
});

/**
 * Marks our own wording must not carry: Slack and Teams would read them as markup (a mention, a link, emphasis,
 * code). Emphasis is the renderer's (`Dialect.bold`), names are escaped before they are put in.
 */
const markup = /[<>&*_~`[\]\\]/;

/** An option's label or examples must fit Slack's radio button text and description (75 characters each). */
const optionLimit = 75;

/**
 * The longest some messages may be, where Slack sets the limit: the start form's modal title, submit and close
 * (24 characters), and its question checkboxes (option text, 75).
 */
const slackLimits: Readonly<Record<string, number>> = {
	"startForm.title": 24,
	"startForm.submit": 24,
	"startForm.close": 24,
	"startForm.question.key": optionLimit,
	"startForm.question.school": optionLimit,
	"startForm.question.fsm": optionLimit,
	"startForm.question.parents_degree": optionLimit,
};

/** The longest `key` may be, or undefined when only the place it is shown limits it. */
function lengthLimit(key: string): number | undefined {
	return key.startsWith("option.") ? optionLimit : slackLimits[key];
}

/** The parts of an ICU message element this file reads. */
type Element = {
	type: number;
	value?: unknown;
	options?: Record<string, { value: Element[] }>;
	children?: Element[];
};

const kinds = [
	"literal",
	"argument",
	"number",
	"date",
	"time",
	"select",
	"plural",
	"pound",
	"tag",
];

/**
 * What a message asks to be given: each placeholder with its kind (`name:argument`, `n:plural`), and a select's
 * cases (`platform:select(other|teams)`), since every language must handle the same ones. Plural cases are left
 * out: they are the language's own (Welsh has six).
 */
export function placeholdersOf(message: string, locale: string): string[] {
	const found = new Set<string>();
	const walk = (elements: readonly Element[]) => {
		for (const e of elements) {
			const kind = kinds[e.type] ?? String(e.type);
			if (kind === "literal" || kind === "pound") continue;
			const cases =
				kind === "select" && e.options
					? `(${Object.keys(e.options).sort().join("|")})`
					: "";
			found.add(`${String(e.value)}:${kind}${cases}`);
			for (const o of Object.values(e.options ?? {})) walk(o.value);
			walk(e.children ?? []);
		}
	};
	walk(new IntlMessageFormat(message, locale).getAst() as Element[]);
	return [...found].sort();
}

/** The keys of the question wording, which English (UK) must give exactly as the question catalogue has it. */
function questionWording(): Map<string, string> {
	const wording = new Map<string, string>();
	for (const q of Object.values(questions)) {
		wording.set(`question.${q.key}.text`, q.text);
		if (q.help) wording.set(`question.${q.key}.help`, q.help);
		for (const o of q.options) {
			wording.set(`option.${o.id}.label`, o.label);
			if (o.hint) wording.set(`option.${o.id}.hint`, o.hint);
		}
	}
	return wording;
}

/**
 * Reads and checks catalogues: the shape of each file, every message parsed, the same keys as English (UK) with
 * the same placeholders, no markup, options short enough for Slack, and English (UK) giving the questions' exact
 * wording. Throws, naming every problem, when one is wrong.
 */
export function loadCatalogues(files: readonly unknown[]): Catalogue[] {
	const problems: string[] = [];
	const parsed = files.map((f, i) => {
		const r = fileSchema.safeParse(f);
		if (!r.success) {
			problems.push(`catalogue ${i + 1}: ${r.error.issues[0]?.message}`);
			return null;
		}
		return r.data;
	});
	const english = parsed[0];
	if (!english || problems.length > 0)
		throw new Error(`Message catalogues are not valid: ${problems.join("; ")}`);
	const keys = Object.keys(english.messages) as MessageKey[];
	const signature = new Map<string, string>();
	for (const key of keys) {
		try {
			signature.set(
				key,
				placeholdersOf(english.messages[key] ?? "", english.locale).join(","),
			);
		} catch (err) {
			problems.push(`${english.locale} ${key}: ${(err as Error).message}`);
		}
	}
	for (const [key, text] of questionWording())
		if (english.messages[key] !== text)
			problems.push(
				`${english.locale} ${key} is not the question catalogue's wording`,
			);
	const catalogues: Catalogue[] = [];
	for (const file of parsed) {
		if (!file) continue;
		const compiled = new Map<MessageKey, IntlMessageFormat>();
		for (const key of Object.keys(file.messages))
			if (!(key in english.messages))
				problems.push(`${file.locale} has a key English (UK) lacks: ${key}`);
		for (const key of keys) {
			const message = file.messages[key];
			if (message === undefined) {
				problems.push(`${file.locale} lacks ${key}`);
				continue;
			}
			if (markup.test(message))
				problems.push(`${file.locale} ${key} contains a markup character`);
			const limit = lengthLimit(key);
			if (limit !== undefined && message.length > limit)
				problems.push(
					`${file.locale} ${key} is longer than ${limit} characters`,
				);
			try {
				const own = placeholdersOf(message, file.locale).join(",");
				if (own !== signature.get(key))
					problems.push(
						`${file.locale} ${key} has placeholders {${own}}, English (UK) {${signature.get(key)}}`,
					);
				compiled.set(key, new IntlMessageFormat(message, file.locale));
			} catch (err) {
				problems.push(`${file.locale} ${key}: ${(err as Error).message}`);
			}
		}
		catalogues.push({
			locale: file.locale,
			name: file.name,
			status: file.status,
			messages: file.messages as Record<MessageKey, string>,
			compiled,
		});
	}
	if (problems.length > 0)
		throw new Error(`Message catalogues are not valid: ${problems.join("; ")}`);
	return catalogues;
}

/** Checks that the catalogues are those of the supported languages, in their order. */
function forSupportedLanguages(catalogues: Catalogue[]): Catalogue[] {
	const locales = catalogues.map((c) => c.locale).join(",");
	if (locales !== supportedLanguages.join(","))
		throw new Error(
			`Message catalogues are for ${locales}, but the supported languages are ${supportedLanguages.join(",")}`,
		);
	return catalogues;
}

/** The catalogues this build ships, English (UK) first, loaded and checked once when first imported. */
export const shippedCatalogues: readonly Catalogue[] = forSupportedLanguages(
	loadCatalogues([enGB, cy]),
);
