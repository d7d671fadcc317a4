import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { formatDay } from "../../src/text/format-date.js";
import { englishOnly, Languages } from "../../src/text/languages.js";
import { translatorFor } from "../../src/text/translator.js";

describe("Languages.pick", () => {
	const both = new Languages({
		enabled: ["en-GB", "cy"],
		defaultLanguage: "en-GB",
	});

	it("takes the first candidate an enabled language serves, else the default", () => {
		expect(both.pick("cy", "en-GB").locale).toBe("cy");
		expect(both.pick(null, "cy-GB").locale).toBe("cy");
		expect(both.pick("fr", undefined, "cy").locale).toBe("cy");
		expect(both.pick("fr").locale).toBe("en-GB");
		expect(both.pick().locale).toBe("en-GB");
	});

	it("never uses a language that is not turned on", () => {
		expect(englishOnly.pick("cy").locale).toBe("en-GB");
	});

	it("can default to Welsh, which turns it on; English (UK) is always on", () => {
		const welsh = new Languages({ enabled: [], defaultLanguage: "cy" });
		expect(welsh.pick().locale).toBe("cy");
		expect(welsh.pick("en-GB").locale).toBe("en-GB");
	});
});

describe("CENSUS_LANGUAGE and CENSUS_LANGUAGES", () => {
	it("default to English (UK) only", () => {
		expect(loadConfig({}).languages).toEqual({
			defaultLanguage: "en-GB",
			enabled: ["en-GB"],
		});
	});

	it("turn Welsh on", () => {
		expect(loadConfig({ CENSUS_LANGUAGES: "cy" }).languages).toEqual({
			defaultLanguage: "en-GB",
			enabled: ["en-GB", "cy"],
		});
	});

	it("refuse a language no catalogue serves, naming the variable", () => {
		expect(() => loadConfig({ CENSUS_LANGUAGES: "cy,fr" })).toThrow(
			/CENSUS_LANGUAGES: "fr" is not a supported language/,
		);
		expect(() => loadConfig({ CENSUS_LANGUAGE: "x!" })).toThrow(
			/CENSUS_LANGUAGE: "x!" is not a BCP 47 language tag/,
		);
	});
});

describe("dates in the reader's language", () => {
	it("says the closing day in Welsh with Intl's cy data", () => {
		expect(formatDay("2026-12-18", "cy")).toBe("Dydd Gwener 18 Rhagfyr 2026");
		expect(translatorFor("cy").closingDay("2026-12-18")).toBe(
			"ddiwedd Dydd Gwener 18 Rhagfyr 2026",
		);
		expect(translatorFor("en-GB").closingDay("2026-12-18")).toBe(
			"the end of Friday 18 December 2026",
		);
	});
});
