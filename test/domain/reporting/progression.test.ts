import { describe, expect, it } from "vitest";
import {
	type GradeCounts,
	normalCdf,
	progressionVerdict,
} from "../../../src/domain/reporting/progression.js";

/** docs/smc-questions.md §4.1: CSPS 2024, grade × nssec3. Lower SEB = Routine + Never worked / LTU. */
const csps2024: GradeCounts[] = [
	{ name: "AO / AA", lowerSeb: 14_874 + 1_207, classified: 38_526 },
	{ name: "EO", lowerSeb: 19_296 + 1_835, classified: 55_320 },
	{ name: "SEO / HEO", lowerSeb: 25_489 + 2_505, classified: 88_011 },
	{ name: "G6 / 7", lowerSeb: 12_033 + 1_132, classified: 53_726 },
	{ name: "SCS", lowerSeb: 949 + 119, classified: 5_848 },
];

/** Grades G1… with the given lower-SEB percentages and n answers each. */
const grades = (percents: number[], n: number): GradeCounts[] =>
	percents.map((p, i) => ({
		name: `G${i + 1}`,
		lowerSeb: Math.round((p * n) / 100),
		classified: n,
	}));

describe("normalCdf", () => {
	it("matches standard normal values to 1e-6", () => {
		expect(normalCdf(0)).toBeCloseTo(0.5, 6);
		expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
		expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 6);
		expect(normalCdf(1)).toBeCloseTo(0.841345, 6);
		expect(normalCdf(-3)).toBeCloseTo(0.0013499, 6);
		expect(normalCdf(8)).toBeCloseTo(1, 12);
	});
});

describe("progressionVerdict", () => {
	it("classifies CSPS 2024 as a gradual decline (docs/smc-questions.md §7.2 acceptance test)", () => {
		const result = progressionVerdict(csps2024, { k: 10 });
		expect(result.verdict).toBe("gradual-decline");
		expect(result.cliffAt).toBeUndefined();
		const expected = [41.7, 38.2, 31.8, 24.5, 18.3];
		csps2024.forEach((g, i) => {
			expect(
				Math.abs((result.shares[g.name] ?? 0) - (expected[i] ?? 0)),
			).toBeLessThanOrEqual(1);
		});
		expect(result.steps.map((s) => s.drop)).toEqual([3.5, 6.4, 7.3, 6.2]);
		expect(result.totalDrop).toBe(23.5);
		expect(
			Math.max(...result.steps.map((s) => s.drop)) / result.totalDrop,
		).toBeLessThan(0.5);
		expect(result.pValue).toBeLessThan(0.05);
		expect(result.representationIndex.SCS).toBeCloseTo(18 / 39, 2);
		expect(result.sentence).toBe(
			"Representation of people from lower socio-economic backgrounds falls gradually from 42% at AO / AA to 18% at SCS.",
		);
	});

	it("finds a cliff edge where one significant step carries most of the fall", () => {
		const result = progressionVerdict(grades([40, 39, 38, 15, 14], 2000), {
			k: 10,
		});
		expect(result.verdict).toBe("cliff-edge");
		expect(result.cliffAt).toEqual({ from: "G3", to: "G4" });
		expect(result.steps[2]?.pValue).toBeLessThan(0.05);
		expect(result.sentence).toContain("between G3 and G4");
	});

	it("finds no clear pattern in a flat profile", () => {
		const result = progressionVerdict(grades([30, 31, 29, 30], 200), { k: 10 });
		expect(result.verdict).toBe("no-clear-pattern");
		expect(result.pValue).toBeGreaterThanOrEqual(0.05);
		expect(result.sentence).toContain("no clear change");
	});

	it("allows a small, non-significant rise between two grades within a gradual decline", () => {
		const result = progressionVerdict(grades([42, 36, 37, 28, 20], 400), {
			k: 10,
		});
		expect(result.steps[1]?.drop).toBeLessThan(0);
		expect(result.verdict).toBe("gradual-decline");
	});

	it("does not call a significant rise part of a decline", () => {
		const result = progressionVerdict(grades([45, 30, 42, 28, 20], 2000), {
			k: 10,
		});
		expect(result.verdict).toBe("no-clear-pattern");
	});

	it("does not call a decline a cliff when the big step is not significant", () => {
		const small: GradeCounts[] = [
			{ name: "G1", lowerSeb: 400, classified: 1000 },
			{ name: "G2", lowerSeb: 380, classified: 1000 },
			{ name: "G3", lowerSeb: 3, classified: 12 },
		];
		const result = progressionVerdict(small, { k: 10 });
		expect(result.verdict).toBe("no-clear-pattern");
	});

	it("reports a significant rise with seniority as no clear pattern (no decline)", () => {
		const result = progressionVerdict(grades([20, 25, 30, 35], 1000), {
			k: 10,
		});
		expect(result.verdict).toBe("no-clear-pattern");
		expect(result.sentence).toContain("higher at senior grades");
	});

	it("says there are too few answers when fewer than two grades reach k", () => {
		const result = progressionVerdict(
			[
				{ name: "G1", lowerSeb: 10, classified: 40 },
				{ name: "G2", lowerSeb: 2, classified: 9 },
				{ name: "G3", lowerSeb: 1, classified: 4 },
			],
			{ k: 10 },
		);
		expect(result.verdict).toBe("too-few-answers");
		expect(result.steps).toEqual([]);
		expect(result.sentence).toContain("too few answers");
	});

	it("leaves out grades below k and compares the rest", () => {
		const result = progressionVerdict(
			[
				...grades([40, 30], 2000),
				{ name: "G3", lowerSeb: 0, classified: 5 },
				...grades([10], 2000).map((g) => ({ ...g, name: "G4" })),
			],
			{ k: 10 },
		);
		expect(Object.keys(result.shares)).toEqual(["G1", "G2", "G4"]);
		expect(result.steps.map((s) => `${s.from}→${s.to}`)).toEqual([
			"G1→G2",
			"G2→G4",
		]);
	});

	it("rounds shares like a published table and calls small-grade figures indicative", () => {
		const result = progressionVerdict(grades([43, 21], 60), { k: 10 });
		expect(Object.values(result.shares).every((p) => p % 5 === 0)).toBe(true);
		expect(result.sentence).toContain("indicative");
	});

	it("uses the benchmark given for the representation index", () => {
		const result = progressionVerdict(grades([40, 20], 2000), {
			k: 10,
			benchmark: 0.4,
		});
		expect(result.representationIndex).toEqual({ G1: 1, G2: 0.5 });
	});
});
