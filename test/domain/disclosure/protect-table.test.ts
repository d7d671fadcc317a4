import { describe, expect, it } from "vitest";
import { auditTable } from "../../../src/domain/disclosure/audit-table.js";
import type {
	CountTable,
	ProtectedRow,
	ProtectedTable,
} from "../../../src/domain/disclosure/disclosure-types.js";
import { protectTable } from "../../../src/domain/disclosure/protect-table.js";
import {
	percentInterval,
	roundingStep,
	roundPercent,
} from "../../../src/domain/disclosure/round-percent.js";

const seb = ["professional", "intermediate", "working_class"];
const notProfessional = [
	{ name: "professional", from: ["professional"] },
	{ name: "not_professional", from: ["intermediate", "working_class"] },
];

function table(rows: Record<string, number[]>, categories = seb): CountTable {
	return {
		categories,
		rows: Object.entries(rows).map(([name, counts]) => ({
			name,
			counts: Object.fromEntries(categories.map((c, i) => [c, counts[i] ?? 0])),
		})),
	};
}

const row = (t: ProtectedTable, name: string) =>
	t.rows.find((r) => r.name === name) as ProtectedRow;
const percents = (r: ProtectedRow) =>
	Object.fromEntries(Object.entries(r.cells).map(([c, v]) => [c, v.percent]));
const allHidden = (r: ProtectedRow) =>
	Object.values(r.cells).every((c) => c.percent === null);

describe("rounding (R6, S6)", () => {
	it("uses 5-point steps below 100·k answers and whole points from there", () => {
		expect(roundingStep(10, 10)).toBe(5);
		expect(roundingStep(999, 10)).toBe(5);
		expect(roundingStep(1000, 10)).toBe(1);
		expect(roundingStep(499, 5)).toBe(5);
		expect(roundingStep(500, 5)).toBe(1);
	});

	it("rounds to the nearest multiple of the step, halves up, without float drift", () => {
		expect(roundPercent(1, 3, 5)).toBe(35); // 33.3
		expect(roundPercent(1, 8, 5)).toBe(15); // 12.5 → halfway between 10 and 15
		expect(roundPercent(1, 40, 5)).toBe(5); // 2.5
		expect(roundPercent(0, 40, 5)).toBe(0);
		expect(roundPercent(40, 40, 5)).toBe(100);
		expect(roundPercent(16081, 38526, 1)).toBe(42); // 41.74
		expect(roundPercent(1068, 5848, 1)).toBe(18); // 18.26
		const bad: string[] = [];
		for (let n = 1; n <= 300; n++)
			for (let a = 0; a <= n; a++)
				for (const step of [1, 5]) {
					const p = roundPercent(a, n, step);
					const { lo, hi } = percentInterval(p, n, step);
					const off = Math.abs((100 * a) / n - p);
					if (p % step !== 0 || off > step / 2 + 1e-9 || lo > a || hi < a)
						bad.push(`${a}/${n} step ${step} → ${p} [${lo}, ${hi}]`);
				}
		expect(bad).toEqual([]);
	});

	it("never publishes a percentage finer than the step", () => {
		const t = protectTable(
			table({ Big: [620, 250, 330], Mid: [40, 30, 35], Small: [11, 12, 13] }),
			{ k: 10, knownRowTotals: false },
		);
		expect(row(t, "Big").step).toBe(1);
		expect(percents(row(t, "Big"))).toEqual({
			professional: 52,
			intermediate: 21,
			working_class: 28,
		});
		expect(row(t, "Mid").step).toBe(5);
		expect(percents(row(t, "Mid"))).toEqual({
			professional: 40,
			intermediate: 30,
			working_class: 35,
		});
		expect(t.footnotes).toContain(
			"Figures are rounded and may not sum to 100.",
		);
	});
});

describe("merging before blanking (R5)", () => {
	const grades = ["AO", "EO", "SEO/HEO", "G6/7", "SCS"];
	const gradeTable = (ns: number[][]) =>
		table(Object.fromEntries(grades.map((g, i) => [g, ns[i] ?? []])));

	it("shows a small senior grade together with the grade below, with a footnote", () => {
		const t = protectTable(
			gradeTable([
				[20, 10, 15],
				[18, 10, 14],
				[15, 12, 10],
				[8, 6, 5],
				[4, 4, 6],
			]),
			{ k: 10, orderedRows: true, knownRowTotals: false },
		);
		expect(t.rows.map((r) => r.name)).toEqual([
			"AO",
			"EO",
			"SEO/HEO",
			"G6/7 and SCS",
		]);
		expect(t.merged).toEqual([{ into: "G6/7 and SCS", from: ["G6/7", "SCS"] }]);
		expect(t.footnotes).toContain("G6/7 and SCS are shown together.");
		expect(row(t, "G6/7 and SCS").n).toBe(33);
	});

	it("merges a small middle grade into its smaller neighbour, and repeats until every row reaches k", () => {
		const t = protectTable(
			gradeTable([
				[20, 20, 20],
				[2, 1, 2],
				[10, 5, 5],
				[4, 2, 0],
				[1, 1, 0],
			]),
			{ k: 10, orderedRows: true, knownRowTotals: false },
		);
		// SCS (2) joins G6/7 (6): still 8 < 10. EO (5) joins SEO/HEO (20) rather than AO (60). Then G6/7 and SCS joins them.
		expect(t.rows.map((r) => r.name)).toEqual([
			"AO",
			"EO, SEO/HEO, G6/7 and SCS",
		]);
		expect(t.rows.every((r) => (r.n ?? 0) >= 10)).toBe(true);
	});

	it("puts small departments into Other, or into the smallest department when Other is still small", () => {
		const withOther = protectTable(
			table({
				Eng: [20, 10, 10],
				Sales: [15, 10, 10],
				HR: [6, 3, 3],
				Legal: [6, 4, 4],
			}),
			{ k: 10, knownRowTotals: false },
		);
		expect(withOther.rows.map((r) => r.name)).toEqual([
			"Eng",
			"Sales",
			"Other",
		]);
		expect(withOther.footnotes).toContain("Other includes HR and Legal.");

		const intoSmallest = protectTable(
			table({ Eng: [20, 10, 10], Sales: [15, 10, 10], HR: [2, 1, 1] }),
			{ k: 10, knownRowTotals: false },
		);
		expect(intoSmallest.rows.map((r) => r.name)).toEqual([
			"Eng",
			"Sales and HR",
		]);
		expect(intoSmallest.merged).toEqual([
			{ into: "Sales and HR", from: ["Sales", "HR"] },
		]);
	});

	it("hides n and every cell when the whole table is below k (R1, R10)", () => {
		const t = protectTable(table({ Eng: [3, 2, 1], Sales: [1, 1, 0] }), {
			k: 10,
			knownRowTotals: true,
		});
		expect(t.rows).toHaveLength(1);
		for (const r of [...t.rows, t.total]) {
			expect(r.status).toBe("too-few");
			expect(r.n).toBeNull();
			expect(allHidden(r)).toBe(true);
		}
		expect(t.footnotes).toContain(
			"Groups with fewer than 10 answers are not shown.",
		);
	});
});

describe("homogeneity (R4, S7)", () => {
	it.each([
		["10/10", [10, 0, 0]],
		["9/1", [9, 1, 0]],
		["8/2", [8, 2, 0]],
		["8/1/1", [1, 8, 1]],
	])(
		"hides the distribution of a group of %s, with or without a collapse scheme",
		(_, counts) => {
			for (const collapse of [undefined, notProfessional])
				for (const knownRowTotals of [true, false]) {
					const t = protectTable(table({ Team: counts }), {
						k: 10,
						knownRowTotals,
						collapse,
					});
					const r = row(t, "Team");
					expect(r.status).toBe("homogeneous");
					expect(r.n).toBe(10);
					expect(allHidden(r)).toBe(true);
					expect(allHidden(t.total)).toBe(true);
				}
		},
	);

	it("hides them inside a larger table too, and the audit passes", () => {
		const cases = [
			[10, 0, 0],
			[9, 1, 0],
			[8, 2, 0],
		];
		for (const counts of cases) {
			const original = table({
				Eng: [30, 15, 20],
				Sales: [25, 20, 15],
				Team: counts,
			});
			const t = protectTable(original, {
				k: 10,
				knownRowTotals: true,
				collapse: notProfessional,
			});
			expect(row(t, "Team").status).toBe("homogeneous");
			expect(allHidden(row(t, "Team"))).toBe(true);
			expect(auditTable(original, t, { knownRowTotals: true }).ok).toBe(true);
		}
	});

	it("publishes a group with 3 answers outside the largest category", () => {
		const t = protectTable(table({ Team: [27, 0, 3] }), {
			k: 10,
			knownRowTotals: false,
		});
		expect(row(t, "Team").status).not.toBe("homogeneous");
		expect(row(t, "Team").n).toBe(30);
	});
});

describe("collapsing categories (R5)", () => {
	it("shows professional against not professional instead of blanking two small cells", () => {
		const t = protectTable(table({ Team: [20, 6, 7] }), {
			k: 10,
			knownRowTotals: false,
			collapse: notProfessional,
		});
		const r = row(t, "Team");
		expect(r.status).toBe("collapsed");
		expect(r.collapsed).toBe(true);
		expect(percents(r)).toEqual({ professional: 60, not_professional: 40 });
		expect(t.collapse).toEqual(notProfessional);
		expect(t.footnotes).toContain(
			"For Team and All, intermediate and working_class are shown together as not_professional.",
		);
	});

	it("blanks the small cells when there is no scheme, or when collapsing leaves a small cell", () => {
		const plain = protectTable(table({ Team: [20, 6, 7] }), {
			k: 10,
			knownRowTotals: false,
		});
		expect(percents(row(plain, "Team"))).toEqual({
			professional: 60,
			intermediate: null,
			working_class: null,
		});
		const stillSmall = protectTable(table({ Team: [30, 3, 2] }), {
			k: 10,
			knownRowTotals: false,
			collapse: notProfessional,
		});
		expect(row(stillSmall, "Team").collapsed).toBe(false);
	});

	it("rejects a scheme that does not partition the categories", () => {
		expect(() =>
			protectTable(table({ Team: [20, 6, 7] }), {
				k: 10,
				knownRowTotals: false,
				collapse: [{ name: "professional", from: ["professional"] }],
			}),
		).toThrow(/partition/);
	});
});

describe("primary and secondary suppression (R2, R3)", () => {
	// docs/privacy-tests.md §2.5 worked example: a department × grade count table, k = 10.
	const worked = table(
		{ Eng: [14, 9, 12], Sales: [11, 15, 3], Ops: [12, 10, 13] },
		["G1", "G2", "G3"],
	);

	it("reproduces the worked example: the {Eng, Sales} × {G2, G3} rectangle", () => {
		const t = protectTable(worked, { k: 10, knownRowTotals: true });
		expect(percents(row(t, "Eng"))).toEqual({ G1: 40, G2: null, G3: null });
		expect(percents(row(t, "Sales"))).toEqual({ G1: 40, G2: null, G3: null });
		expect(allHidden(row(t, "Ops"))).toBe(false);
		expect(row(t, "Ops").status).toBe("published");
		expect(row(t, "Eng").status).toBe("secondary");
		// Insider check from the worked example: rows 21 and 18, columns 24 and 15, all ≥ k + 1.
		expect([9 + 12, 15 + 3, 9 + 15, 12 + 3].every((m) => m >= 11)).toBe(true);
		expect(t.total.n).toBe(99);
	});

	it("hides the next smallest cell when a row has exactly one small cell", () => {
		const t = protectTable(table({ Team: [30, 15, 4] }), {
			k: 10,
			knownRowTotals: false,
		});
		expect(percents(row(t, "Team"))).toEqual({
			professional: 60,
			intermediate: null,
			working_class: null,
		});
	});

	it("keeps two small cells without a complement when together they hold k + 1 answers", () => {
		const t = protectTable(table({ Team: [30, 5, 6] }), {
			k: 10,
			knownRowTotals: false,
		});
		expect(percents(row(t, "Team"))).toEqual({
			professional: 75,
			intermediate: null,
			working_class: null,
		});
		expect(row(t, "Team").status).toBe("published");
	});

	it("hides a zero like any small cell: 0% would tell everyone's answer (group attribute disclosure)", () => {
		const t = protectTable(table({ Team: [30, 20, 0] }), {
			k: 10,
			knownRowTotals: false,
		});
		expect(percents(row(t, "Team"))).toEqual({
			professional: 60,
			intermediate: null,
			working_class: null,
		});
		const audit = auditTable(table({ Team: [30, 20, 0] }), t, {
			knownRowTotals: false,
			ranges: true,
		});
		const wc = audit.ranges?.find((r) => r.category === "working_class");
		expect(wc && wc.hi - wc.lo).toBeGreaterThanOrEqual(3);
	});

	it("is deterministic", () => {
		const a = protectTable(worked, { k: 10, knownRowTotals: true });
		const b = protectTable(worked, { k: 10, knownRowTotals: true });
		expect(a).toEqual(b);
	});

	it("rejects bad input", () => {
		expect(() =>
			protectTable(table({ A: [1] }, ["only"]), {
				k: 10,
				knownRowTotals: false,
			}),
		).toThrow();
		expect(() =>
			protectTable(table({ A: [1, 2] }, ["x", "y"]), {
				k: 0,
				knownRowTotals: false,
			}),
		).toThrow();
		expect(() =>
			protectTable(table({ A: [1, -2] }, ["x", "y"]), {
				k: 10,
				knownRowTotals: false,
			}),
		).toThrow();
		expect(() =>
			protectTable(table({ All: [1, 2] }, ["x", "y"]), {
				k: 10,
				knownRowTotals: false,
			}),
		).toThrow();
		// A grade merged into its neighbour must not take the name of another row.
		expect(() =>
			protectTable(
				table({ A: [1, 2], B: [20, 20], "A and B": [20, 20] }, ["x", "y"]),
				{ k: 10, knownRowTotals: false, orderedRows: true },
			),
		).toThrow(/clashes/);
	});

	it("folds a row already named like the catch-all into it instead of showing two", () => {
		const t = protectTable(
			table({ Other: [20, 20], HR: [5, 6], Legal: [6, 5] }, ["x", "y"]),
			{ k: 10, knownRowTotals: false },
		);
		expect(t.rows.map((r) => r.name)).toEqual(["Other"]);
		expect(t.merged).toEqual([
			{ into: "Other", from: ["Other", "HR", "Legal"] },
		]);
	});
});

describe("merging rows that could show nothing (R5 before R2/R3)", () => {
	it("merges a grade whose every cell would be blanked with its neighbour, though it has k answers", () => {
		const t = protectTable(
			table({ AO: [60, 30, 50], EO: [40, 20, 30], "SEO/HEO": [16, 2, 7] }),
			{ k: 10, orderedRows: true, knownRowTotals: true },
		);
		expect(t.rows.map((r) => r.name)).toEqual(["AO", "EO and SEO/HEO"]);
		expect(
			Object.values(row(t, "EO and SEO/HEO").cells).every(
				(c) => c.percent !== null,
			),
		).toBe(true);
	});

	it("keeps a homogeneous row apart, to be hidden, instead of blending it into a neighbour", () => {
		const t = protectTable(
			table({ Eng: [30, 20, 25], Sales: [25, 20, 30], Legal: [1, 0, 11] }),
			{ k: 10, knownRowTotals: true },
		);
		expect(t.rows.map((r) => r.name)).toEqual(["Eng", "Sales", "Legal"]);
		expect(row(t, "Legal").status).toBe("homogeneous");
	});
});
