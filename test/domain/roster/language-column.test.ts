import { describe, expect, it } from "vitest";
import { rosterProblemText } from "../../../src/chat/admin/roster-problem-text.js";
import {
	languageProblem,
	matchLanguage,
} from "../../../src/domain/roster/language-tag.js";
import { validateRoster } from "../../../src/domain/roster/validate-roster.js";
import { english } from "../../../src/text/translator.js";

const header = ["email", "department", "grade", "language"];
const rows = (...languages: string[]) =>
	languages.map((language, i) => ({
		line: i + 2,
		values: [`p${i}@example.com`, "Ops", "G1", language],
	}));

describe("the roster's language column", () => {
	it("keeps a served BCP 47 tag in canonical form, and an empty cell as none", () => {
		const result = validateRoster(rows("cy", "EN-gb", "cy-gb", ""), header);
		if (!result.ok) throw new Error(JSON.stringify(result.problems));
		expect(result.rows.map((r) => r.language)).toEqual([
			"cy",
			"en-GB",
			"cy-GB",
			null,
		]);
	});

	it("refuses a tag that is not BCP 47, or that no catalogue serves, with its line number", () => {
		const result = validateRoster(rows("cy", "welsh!", "fr", "zz-ZZ"), header);
		if (result.ok) throw new Error("expected problems");
		expect(
			result.problems.map((p) => ({
				line: p.line,
				reason: rosterProblemText(p, english),
			})),
		).toEqual([
			{
				line: 3,
				reason:
					'language "welsh!" is not a BCP 47 language tag (like en-GB or cy)',
			},
			{
				line: 4,
				reason:
					'language "fr" is not a supported language; supported: en-GB, cy',
			},
			{
				line: 5,
				reason:
					'language "zz-ZZ" is not a supported language; supported: en-GB, cy',
			},
		]);
	});

	it("serves a regional tag by its language", () => {
		expect(matchLanguage("cy-GB", ["en-GB", "cy"])).toBe("cy");
		expect(matchLanguage("en-US", ["en-GB", "cy"])).toBe("en-GB");
		expect(matchLanguage("fr-FR", ["en-GB", "cy"])).toBeNull();
		expect(languageProblem("en")).toBeNull();
	});
});
