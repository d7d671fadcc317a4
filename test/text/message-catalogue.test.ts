import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { supportedLanguages } from "../../src/domain/roster/language-tag.js";
import {
	loadCatalogues,
	placeholdersOf,
	shippedCatalogues,
} from "../../src/text/message-catalogue.js";
import { translatorFor } from "../../src/text/translator.js";

const dir = path.resolve(
	path.dirname(fileURLToPath(import.meta.url)),
	"../../src/text/catalogue",
);

type File = {
	locale: string;
	status: string;
	messages: Record<string, string>;
};

/** Every catalogue file in the repository, read directly (not through the app's loader). */
const files: File[] = readdirSync(dir)
	.filter((f) => f.endsWith(".json"))
	.map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as File);
const english = files.find((f) => f.locale === "en-GB") as File;
const keys = Object.keys(english.messages);

describe("shipped message catalogues", () => {
	it("are one file per supported language, each with a status", () => {
		expect(files.map((f) => f.locale).sort()).toEqual(
			[...supportedLanguages].sort(),
		);
		expect(english.status).toBe("complete");
		for (const f of files)
			expect(["complete", "awaiting-review"]).toContain(f.status);
	});

	it("every key exists in every catalogue, with the same placeholders (parsed by intl-messageformat)", () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...keys),
				fc.constantFrom(...files.map((f) => f.locale)),
				(key, locale) => {
					const file = files.find((f) => f.locale === locale) as File;
					const message = file.messages[key];
					expect(message, `${file.locale} ${key}`).toBeTypeOf("string");
					expect(
						placeholdersOf(message ?? "", file.locale),
						`${file.locale} ${key}`,
					).toEqual(placeholdersOf(english.messages[key] ?? "", "en-GB"));
				},
			),
			{ numRuns: keys.length * files.length * 3 },
		);
		// No catalogue has a key English (UK) lacks.
		for (const f of files)
			expect(Object.keys(f.messages).filter((k) => !keys.includes(k))).toEqual(
				[],
			);
	});

	it("puts any value in as it is, never reading it as message syntax", () => {
		const value = fc.string({ unit: "grapheme", maxLength: 40 });
		fc.assert(
			fc.property(
				fc.constantFrom(...keys),
				fc.constantFrom(...shippedCatalogues.map((c) => c.locale)),
				value,
				(key, locale, v) => {
					const placeholders = placeholdersOf(
						english.messages[key] ?? "",
						"en-GB",
					);
					const names = placeholders
						.filter((p) => p.endsWith(":argument"))
						.map((p) => p.split(":")[0] ?? "");
					const values = Object.fromEntries(names.map((n) => [n, v]));
					// A plural is given a count, a select its first case.
					const counts = placeholders.flatMap((p) => {
						const [name, kind] = p.split(":");
						if (kind === "plural") return [[name, 2]];
						const cases = /^select\((.*)\)$/.exec(kind ?? "");
						return cases ? [[name, cases[1]?.split("|")[0]]] : [];
					});
					const out = translatorFor(locale).t(
						key as Parameters<ReturnType<typeof translatorFor>["t"]>[0],
						{ ...Object.fromEntries(counts), ...values },
					);
					for (const _ of names) expect(out).toContain(v);
				},
			),
		);
	});
});

/** Every TypeScript file under src/, read as text. */
function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory()
			? sources(path.join(dir, e.name))
			: e.name.endsWith(".ts")
				? [readFileSync(path.join(dir, e.name), "utf8")]
				: [],
	);
}

describe("the catalogue and the code", () => {
	it("names every key in the code (question and option wording is looked up by the question catalogue's ids)", () => {
		const code = sources(path.resolve(dir, "../..")).join("\n");
		const unused = keys.filter(
			(k) => !/^(question|option)\./.test(k) && !code.includes(`"${k}"`),
		);
		expect(unused).toEqual([]);
	});
});

describe("loadCatalogues", () => {
	const en = {
		locale: "en-GB",
		name: "English (UK)",
		status: "complete",
		messages: english.messages,
	};
	const cy = files.find((f) => f.locale === "cy") as File;
	const welsh = (messages: Record<string, string>) => ({
		locale: "cy",
		name: "Cymraeg",
		status: "awaiting-review",
		messages,
	});

	it("loads the shipped catalogues", () => {
		expect(
			loadCatalogues([en, welsh(cy.messages)]).map((c) => c.locale),
		).toEqual(["en-GB", "cy"]);
	});

	it("refuses a catalogue that lacks a key, naming it", () => {
		const { "result.thanks": _, ...rest } = cy.messages;
		expect(() => loadCatalogues([en, welsh(rest)])).toThrow(
			"cy lacks result.thanks",
		);
	});

	it("refuses a placeholder renamed in translation", () => {
		expect(() =>
			loadCatalogues([
				en,
				welsh({
					...cy.messages,
					"invitation.who": "Grwpiau o {n} ateb o leiaf.",
				}),
			]),
		).toThrow(
			/cy invitation.who has placeholders \{n:argument\}, English \(UK\) \{k:argument\}/,
		);
	});

	it("refuses markup in our own wording and a message that does not parse", () => {
		expect(() =>
			loadCatalogues([
				en,
				welsh({ ...cy.messages, "result.thanks": "Diolch <!channel>" }),
			]),
		).toThrow("cy result.thanks contains a markup character");
		expect(() =>
			loadCatalogues([
				en,
				welsh({ ...cy.messages, "result.thanks": "Diolch {" }),
			]),
		).toThrow(/cy result.thanks: /);
	});

	it("refuses an option longer than Slack shows (75 characters)", () => {
		expect(() =>
			loadCatalogues([
				en,
				welsh({ ...cy.messages, "option.occ_other.hint": "e".repeat(76) }),
			]),
		).toThrow("cy option.occ_other.hint is longer than 75 characters");
	});

	it("refuses a start form title, submit or close longer than a Slack modal shows (24), and a long question choice", () => {
		for (const key of [
			"startForm.title",
			"startForm.submit",
			"startForm.close",
		] as const) {
			expect(() =>
				loadCatalogues([en, welsh({ ...cy.messages, [key]: "e".repeat(25) })]),
			).toThrow(`cy ${key} is longer than 24 characters`);
			expect(() =>
				loadCatalogues([en, welsh({ ...cy.messages, [key]: "e".repeat(24) })]),
			).not.toThrow();
		}
		expect(() =>
			loadCatalogues([
				en,
				welsh({ ...cy.messages, "startForm.question.fsm": "e".repeat(76) }),
			]),
		).toThrow("cy startForm.question.fsm is longer than 75 characters");
	});

	it("refuses English (UK) question wording that is not the question catalogue's", () => {
		expect(() =>
			loadCatalogues([
				{
					...en,
					messages: { ...en.messages, "option.fsm_yes.label": "Yep" },
				},
			]),
		).toThrow(
			"en-GB option.fsm_yes.label is not the question catalogue's wording",
		);
	});

	it("parses with the library the app formats with", () => {
		expect(
			new IntlMessageFormat(
				english.messages["invitation.who"] ?? "",
				"en-GB",
			).format({ k: "10" }),
		).toContain("at least 10 answers");
	});
});
