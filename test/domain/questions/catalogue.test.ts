import { describe, expect, it } from "vitest";
import {
	independentSchoolBenchmark,
	nationalBenchmark,
} from "../../../src/domain/questions/benchmarks.js";
import {
	catalogue,
	isQuestionKey,
	questionKeys,
} from "../../../src/domain/questions/catalogue.js";

/** docs/smc-questions.md §1.2 (texts, order) and §1.3 (groups), character-exact; ’ is U+2019. */
const keyQuestionTable: [id: string, text: string, group: string][] = [
	[
		"occ_professional",
		"Modern professional & traditional professional occupations such as: teacher, nurse, physiotherapist, social worker, musician, police officer (sergeant or above), software designer, accountant, solicitor, medical practitioner, scientist, civil / mechanical engineer.",
		"professional",
	],
	[
		"occ_manager",
		"Senior, middle or junior managers or administrators such as: finance manager, chief executive, large business owner, office manager, retail manager, bank manager, restaurant manager, warehouse manager.",
		"professional",
	],
	[
		"occ_clerical",
		"Clerical and intermediate occupations such as: secretary, personal assistant, call centre agent, clerical worker, nursery nurse.",
		"intermediate",
	],
	[
		"occ_technical",
		"Technical and craft occupations such as: motor mechanic, plumber, printer, electrician, gardener, train driver.",
		"working_class",
	],
	[
		"occ_routine",
		"Routine, semi-routine manual and service occupations such as: postal worker, machine operative, security guard, caretaker, farm worker, catering assistant, sales assistant, HGV driver, cleaner, porter, packer, labourer, waiter/waitress, bar staff.",
		"working_class",
	],
	[
		"occ_ltu",
		"Long-term unemployed (claimed Jobseeker’s Allowance or earlier unemployment benefit for more than a year).",
		"working_class",
	],
	[
		"occ_small_business",
		"Small business owners who employed less than 25 people such as: corner shop owners, small plumbing companies, retail shop owner, single restaurant or cafe owner, taxi owner, garage owner.",
		"intermediate",
	],
	[
		"occ_other",
		"Other such as: retired, this question does not apply to me, I don’t know.",
		"excluded",
	],
	["occ_pnts", "I prefer not to say.", "excluded"],
];

const allQuestions = questionKeys.map((k) => catalogue[k]);
const allOptions = allQuestions.flatMap((q) => q.options);

describe("key question (docs/smc-questions.md §1)", () => {
	const q = catalogue.key;

	it("is the SMC 2021 parental occupation question", () => {
		expect(q.id).toBe("seb.parental_occupation_14");
		expect(q.text).toBe(
			"What was the occupation of your main household earner when you were about aged 14?",
		);
		expect(q.preferNotToSay).toBe("occ_pnts");
	});

	it("has the §1.2 options in order, with exact texts and §1.3 groups", () => {
		expect(q.options.map((o) => [o.id, o.text, o.group])).toEqual(
			keyQuestionTable,
		);
	});

	it("uses curly apostrophes and never straight ones in option texts", () => {
		const texts = q.options.map((o) => o.text).join("\n");
		expect(texts).toContain("Jobseeker\u2019s");
		expect(texts).toContain("don\u2019t");
		expect(texts).not.toContain("'");
	});

	it("says 'less than 25', not the ICAEW 'fewer than 20' (§1.4)", () => {
		const small = q.options.find((o) => o.id === "occ_small_business");
		expect(small?.text).toContain("less than 25");
		expect(JSON.stringify(q)).not.toContain("fewer than 20");
	});

	it("maps to exactly the three reporting groups plus excluded", () => {
		const byGroup = (g: string) =>
			q.options.filter((o) => o.group === g).map((o) => o.id);
		expect(byGroup("professional")).toEqual([
			"occ_professional",
			"occ_manager",
		]);
		expect(byGroup("intermediate")).toEqual([
			"occ_clerical",
			"occ_small_business",
		]);
		expect(byGroup("working_class")).toEqual([
			"occ_technical",
			"occ_routine",
			"occ_ltu",
		]);
		expect(byGroup("excluded")).toEqual(["occ_other", "occ_pnts"]);
	});
});

describe("supplementary questions (docs/smc-questions.md §2)", () => {
	it("school type, §2.1", () => {
		const q = catalogue.school;
		expect(q.id).toBe("seb.school_type_11_16");
		expect(q.text).toBe(
			"Which type of school did you attend for the most time between the ages of 11 and 16?",
		);
		expect(q.options.map((o) => [o.id, o.text])).toEqual([
			[
				"sch_state_selective",
				"A state-run or state-funded school \u2013 selective on academic, faith or other grounds",
			],
			[
				"sch_state_nonselective",
				"A state-run or state-funded school \u2013 non-selective",
			],
			["sch_independent", "Independent or fee-paying school"],
			[
				"sch_independent_bursary",
				"Independent or fee-paying school, where I received a bursary covering 90% or more of my tuition",
			],
			["sch_outside_uk", "Attended school outside the UK"],
			["sch_dont_know", "I don't know"],
			["sch_pnts", "I prefer not to say"],
		]);
		// The bursary case is reported separately, never counted as fee-paying advantage (§2.1).
		const group = (id: string) => q.options.find((o) => o.id === id)?.group;
		expect(group("sch_independent")).toBe("independent");
		expect(group("sch_independent_bursary")).not.toBe("independent");
		for (const id of ["sch_dont_know", "sch_pnts"])
			expect(group(id)).toBe("excluded");
	});

	it("free school meals, §2.2", () => {
		const q = catalogue.fsm;
		expect(q.id).toBe("seb.fsm");
		expect(q.text).toBe(
			"If you finished school after 1980, were you eligible for free school meals at any point during your school years?",
		);
		expect(q.help).toMatch(
			/^Free school meals are available to school-aged children/,
		);
		expect(q.options.map((o) => [o.id, o.text])).toEqual([
			["fsm_yes", "Yes"],
			["fsm_no", "No"],
			[
				"fsm_na",
				"Not applicable (finished school before 1980 or went to school overseas)",
			],
			["fsm_dont_know", "I don't know"],
			["fsm_pnts", "I prefer not to say"],
		]);
		for (const id of ["fsm_na", "fsm_dont_know", "fsm_pnts"])
			expect(q.options.find((o) => o.id === id)?.group).toBe("excluded");
	});

	it("parents' degree, §2.3", () => {
		const q = catalogue.parents_degree;
		expect(q.id).toBe("seb.parents_degree_18");
		expect(q.text).toBe(
			"Did either of your parents attend university and gain a degree (e.g. BA/BSc or equivalent) by the time you were 18?",
		);
		expect(q.options.map((o) => [o.id, o.text])).toEqual([
			["pdeg_no", "No, neither of my parents attended university"],
			["pdeg_yes", "Yes, one or both of my parents attended university"],
			["pdeg_dont_know", "Do not know / not sure"],
			["pdeg_pnts", "I prefer not to say"],
		]);
		for (const id of ["pdeg_dont_know", "pdeg_pnts"])
			expect(q.options.find((o) => o.id === id)?.group).toBe("excluded");
	});
});

describe("the whole catalogue", () => {
	it("is keyed by question key, in asking order with the key question first", () => {
		expect(questionKeys).toEqual(["key", "school", "fsm", "parents_degree"]);
		expect(Object.keys(catalogue).sort()).toEqual([...questionKeys].sort());
		for (const k of questionKeys) expect(catalogue[k].key).toBe(k);
	});

	it("isQuestionKey accepts exactly the catalogue keys", () => {
		for (const k of questionKeys) expect(isQuestionKey(k)).toBe(true);
		for (const s of [
			"",
			"KEY",
			"parents-degree",
			"toString",
			"__proto__",
			"seb.fsm",
		])
			expect(isQuestionKey(s)).toBe(false);
	});

	it("gives every question its prefer-not-to-say option, mapped to excluded", () => {
		for (const q of allQuestions) {
			const pnts = q.options.find((o) => o.id === q.preferNotToSay);
			expect(pnts, q.id).toBeDefined();
			expect(pnts?.group).toBe("excluded");
			expect(pnts?.text).toMatch(/prefer not to say/i);
		}
	});

	it("words prefer-not-to-say the same way in every question, as the invitation promises", () => {
		for (const q of allQuestions) {
			const pnts = q.options.find((o) => o.id === q.preferNotToSay);
			expect(pnts?.label, q.id).toBe("I prefer not to say");
		}
	});

	it("has option ids unique across the catalogue, and unique question ids", () => {
		const ids = allOptions.map((o) => o.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(new Set(allQuestions.map((q) => q.id)).size).toBe(
			allQuestions.length,
		);
	});

	it("keeps every label and hint within Slack's 75-character option limit", () => {
		for (const o of allOptions) {
			expect(o.label.length, o.id).toBeGreaterThan(0);
			expect(o.label.length, o.id).toBeLessThanOrEqual(75);
			if (o.hint !== undefined)
				expect(o.hint.length, o.id).toBeLessThanOrEqual(75);
		}
	});

	it("gives every option a non-empty text and a versioned question", () => {
		for (const q of allQuestions) {
			expect(q.version.length).toBeGreaterThan(0);
			for (const o of q.options)
				expect(o.text.trim().length, o.id).toBeGreaterThan(0);
		}
	});
});

describe("benchmarks (docs/smc-questions.md §3)", () => {
	it("is the May 2021 SMC benchmark, 37 / 24 / 39, summing to 1", () => {
		expect(nationalBenchmark.version).toBe("smc-2021-05");
		expect(nationalBenchmark.professional).toBe(0.37);
		expect(nationalBenchmark.intermediate).toBe(0.24);
		expect(nationalBenchmark.working_class).toBe(0.39);
		expect(
			nationalBenchmark.professional +
				nationalBenchmark.intermediate +
				nationalBenchmark.working_class,
		).toBeCloseTo(1, 12);
		expect(nationalBenchmark.source).toMatch(/May 2021/);
	});

	it("has a benchmark for every reporting group of the key question", () => {
		const groups = new Set(
			catalogue.key.options.map((o) => o.group).filter((g) => g !== "excluded"),
		);
		for (const g of groups) expect(nationalBenchmark).toHaveProperty(g);
	});

	it("puts independent school attendance at 7% (§3.2)", () => {
		expect(independentSchoolBenchmark.share).toBe(0.07);
	});
});
