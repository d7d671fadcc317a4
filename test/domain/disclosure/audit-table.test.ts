import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
	auditTable,
	type CellRange,
} from "../../../src/domain/disclosure/audit-table.js";
import type {
	CountTable,
	ProtectedRow,
	ProtectedTable,
} from "../../../src/domain/disclosure/disclosure-types.js";
import { protectTable } from "../../../src/domain/disclosure/protect-table.js";
import {
	percentInterval,
	roundPercent,
} from "../../../src/domain/disclosure/round-percent.js";

const seb = ["professional", "intermediate", "working_class"];

function table(rows: Record<string, number[]>, categories = seb): CountTable {
	return {
		categories,
		rows: Object.entries(rows).map(([name, counts]) => ({
			name,
			counts: Object.fromEntries(categories.map((c, i) => [c, counts[i] ?? 0])),
		})),
	};
}

function shownRow(
	name: string,
	n: number,
	cells: Record<string, number | null>,
	step = 5,
): ProtectedRow {
	return {
		name,
		n,
		cells: Object.fromEntries(
			Object.entries(cells).map(([c, p]) => [c, { percent: p }]),
		),
		status: Object.values(cells).some((p) => p === null)
			? "secondary"
			: "published",
		collapsed: false,
		step,
	};
}

const key = (r: CellRange) => `${r.row}/${r.category}`;

describe("auditTable", () => {
	it("finds a cell that the row total gives away", () => {
		// n = 20 and 50% / 30% shown: the hidden cell can only be 4.
		const original = table({ Team: [10, 6, 4] });
		const published: ProtectedTable = {
			categories: seb,
			rows: [
				shownRow("Team", 20, {
					professional: 50,
					intermediate: 30,
					working_class: null,
				}),
			],
			total: shownRow("All", 20, {
				professional: null,
				intermediate: null,
				working_class: null,
			}),
			collapse: null,
			merged: [],
			footnotes: [],
			k: 10,
		};
		const audit = auditTable(original, published, { knownRowTotals: false });
		expect(audit.ok).toBe(false);
		expect(audit.failures).toContainEqual({
			row: "Team",
			category: "working_class",
			lo: 4,
			hi: 4,
		});
	});

	it("counts rounding as uncertainty: 5-point steps on 40 answers leave a hidden cell several values", () => {
		const original = table({ Team: [20, 15, 5] });
		const published: ProtectedTable = {
			categories: seb,
			rows: [
				shownRow("Team", 40, {
					professional: 50,
					intermediate: 40,
					working_class: null,
				}),
			],
			total: shownRow("All", 40, {
				professional: 50,
				intermediate: 40,
				working_class: null,
			}),
			collapse: null,
			merged: [],
			footnotes: [],
			k: 10,
		};
		const audit = auditTable(original, published, {
			knownRowTotals: false,
			ranges: true,
		});
		// 50% of 40 → 19..21; 40% of 40 → 15..17; so working_class ∈ [2, 6].
		expect(audit.ranges).toEqual([
			{ row: "Team", category: "working_class", lo: 2, hi: 6 },
			{ row: "All", category: "working_class", lo: 2, hi: 6 },
		]);
		expect(audit.ok).toBe(true);
	});

	it("bounds the worked example's hidden rectangle as docs/privacy-tests.md §2.5 does", () => {
		const worked = table(
			{ Eng: [14, 9, 12], Sales: [11, 15, 3], Ops: [12, 10, 13] },
			["G1", "G2", "G3"],
		);
		const t = protectTable(worked, { k: 10, knownRowTotals: true });
		const audit = auditTable(worked, t, { knownRowTotals: true, ranges: true });
		expect(audit.ok).toBe(true);
		const ranges = new Map((audit.ranges ?? []).map((r) => [key(r), r]));
		expect([...ranges.keys()].sort()).toEqual([
			"Eng/G2",
			"Eng/G3",
			"Sales/G2",
			"Sales/G3",
		]);
		// With exact cells the document gets t = Sales/G3 ∈ [0, 15]; rounded percentages only widen it.
		const t3 = ranges.get("Sales/G3") as CellRange;
		expect(t3.lo).toBe(0);
		expect(t3.hi).toBeGreaterThanOrEqual(15);
	});

	describe("a 12-person department where 11 gave the same answer", () => {
		const original = table({
			Engineering: [30, 14, 16],
			Sales: [22, 12, 18],
			Operations: [15, 20, 25],
			Legal: [11, 0, 1],
		});

		it("publishes nothing about its distribution", () => {
			const t = protectTable(original, { k: 10, knownRowTotals: true });
			const legal = t.rows.find((r) => r.name === "Legal") as ProtectedRow;
			expect(legal.n).toBe(12);
			expect(Object.values(legal.cells).every((c) => c.percent === null)).toBe(
				true,
			);
			expect(legal.status).toBe("homogeneous");
		});

		it("cannot be derived from the other rows and the organisation totals", () => {
			const t = protectTable(original, { k: 10, knownRowTotals: true });
			const audit = auditTable(original, t, {
				knownRowTotals: true,
				ranges: true,
			});
			expect(audit.ok).toBe(true);
			const legal = (audit.ranges ?? []).filter((r) => r.row === "Legal");
			expect(legal.map((r) => r.category).sort()).toEqual([...seb].sort());
			for (const r of legal) expect(r.hi - r.lo).toBeGreaterThanOrEqual(3);
		});

		it("would be derivable if only the department itself were hidden", () => {
			const t = protectTable(original, { k: 10, knownRowTotals: true });
			const naive: ProtectedTable = {
				...t,
				rows: t.rows.map((r) =>
					r.name === "Legal"
						? r
						: shownRow(
								r.name,
								r.n as number,
								Object.fromEntries(
									seb.map((c) => {
										const counts =
											original.rows.find((o) => o.name === r.name)?.counts ??
											{};
										return [
											c,
											5 * Math.round((20 * (counts[c] ?? 0)) / (r.n as number)),
										];
									}),
								),
							),
				),
			};
			const audit = auditTable(original, naive, { knownRowTotals: true });
			expect(audit.ok).toBe(false);
			expect(audit.failures.some((f) => f.row === "Legal")).toBe(true);
		});
	});

	it("rejects a published table that does not match the counts", () => {
		const original = table({ Team: [10, 6, 4] });
		const t = protectTable(original, { k: 3, knownRowTotals: false });
		expect(() =>
			auditTable(table({ Team: [10, 6, 5] }), t, { knownRowTotals: false }),
		).toThrow();
		expect(() =>
			auditTable(table({ Other: [10, 6, 4] }), t, { knownRowTotals: false }),
		).toThrow();
	});

	it("gives the same exact ranges as enumerating every table consistent with what is published", () => {
		const small = fc.record({
			width: fc.integer({ min: 2, max: 3 }),
			rows: fc.array(
				fc.array(fc.nat({ max: 5 }), { minLength: 3, maxLength: 3 }),
				{
					minLength: 1,
					maxLength: 3,
				},
			),
			k: fc.constantFrom(3, 4, 5),
			knownRowTotals: fc.boolean(),
			collapse: fc.boolean(),
		});
		fc.assert(
			fc.property(small, ({ width, rows, k, knownRowTotals, collapse }) => {
				const categories = seb.slice(0, width);
				const original = table(
					Object.fromEntries(rows.map((r, i) => [`r${i}`, r.slice(0, width)])),
					categories,
				);
				const scheme =
					collapse && width === 3
						? [
								{ name: "p", from: ["professional"] },
								{ name: "np", from: ["intermediate", "working_class"] },
							]
						: undefined;
				const t = protectTable(original, {
					k,
					knownRowTotals,
					collapse: scheme,
				});
				fc.pre([...t.rows, t.total].every((r) => r.n !== null));
				const audit = auditTable(original, t, { knownRowTotals, ranges: true });
				const brute = enumerateRanges(original, t, knownRowTotals);
				const got = Object.fromEntries(
					(audit.ranges ?? []).map((r) => [key(r), [r.lo, r.hi]]),
				);
				expect(got).toEqual(brute);
			}),
			{ numRuns: 150 },
		);
	});

	it("gives exact ranges and the right verdict for arbitrary suppression patterns, unsafe ones included", () => {
		const scenario = fc.record({
			rows: fc.array(
				fc.array(fc.nat({ max: 6 }), { minLength: 3, maxLength: 3 }),
				{
					minLength: 1,
					maxLength: 3,
				},
			),
			hide: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
			collapseRow: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
			knownRowTotals: fc.boolean(),
		});
		const scheme = [
			{ name: "p", from: ["professional"] },
			{ name: "np", from: ["intermediate", "working_class"] },
		];
		let unsafe = 0;
		fc.assert(
			fc.property(scenario, ({ rows, hide, collapseRow, knownRowTotals }) => {
				const original = table(
					Object.fromEntries(rows.map((r, i) => [`r${i}`, r])),
				);
				fc.pre(
					original.rows.every((r) =>
						Object.values(r.counts).some((v) => v > 0),
					),
				);
				let h = 0;
				const publish = (
					name: string,
					counts: number[],
					collapsed: boolean,
				): ProtectedRow => {
					const n = counts.reduce((a, b) => a + b, 0);
					const groups = collapsed
						? scheme
						: seb.map((c) => ({ name: c, from: [c] }));
					const cells = Object.fromEntries(
						groups.map((g) => {
							const v = g.from.reduce(
								(a, c) => a + (counts[seb.indexOf(c)] ?? 0),
								0,
							);
							return [
								g.name,
								{ percent: hide[h++] ? null : roundPercent(v, n, 5) },
							];
						}),
					);
					return { name, n, cells, status: "published", collapsed, step: 5 };
				};
				const totals = seb.map((_, j) =>
					rows.reduce((a, r) => a + (r[j] ?? 0), 0),
				);
				const published: ProtectedTable = {
					categories: seb,
					rows: rows.map((r, i) =>
						publish(`r${i}`, r, collapseRow[i] ?? false),
					),
					total: publish("All", totals, collapseRow[3] ?? false),
					collapse: scheme,
					merged: [],
					footnotes: [],
					k: 10,
				};
				const audit = auditTable(original, published, {
					knownRowTotals,
					ranges: true,
				});
				const got = Object.fromEntries(
					(audit.ranges ?? []).map((r) => [key(r), [r.lo, r.hi]]),
				);
				expect(got).toEqual(
					enumerateRanges(original, published, knownRowTotals),
				);
				if (!audit.ok) unsafe++;
				for (const f of audit.failures) expect(f.hi - f.lo).toBeLessThan(3);
			}),
			{ numRuns: 200 },
		);
		expect(unsafe).toBeGreaterThan(20);
	});
});

/** Every hidden count's [min, max] over all integer tables matching the published figures, by enumeration. */
function enumerateRanges(
	original: CountTable,
	t: ProtectedTable,
	knownRowTotals: boolean,
): Record<string, [number, number]> {
	const cats = t.categories;
	const groupsOf = (r: ProtectedRow) =>
		r.collapsed && t.collapse
			? t.collapse
			: cats.map((c) => ({ name: c, from: [c] }));
	const sumOf = (v: number[], from: string[]) =>
		from.reduce((s, c) => s + (v[cats.indexOf(c)] ?? 0), 0);
	const fits = (r: ProtectedRow, v: number[], exact?: number[]) =>
		groupsOf(r).every((g) => {
			const p = r.cells[g.name]?.percent;
			if (p == null) return true;
			const value = sumOf(v, g.from);
			if (exact) return value === sumOf(exact, g.from);
			const { lo, hi } = percentInterval(p, r.n as number, r.step as number);
			return value >= lo && value <= hi;
		});
	const hidden = (r: ProtectedRow) =>
		groupsOf(r).flatMap((g) =>
			r.cells[g.name]?.percent == null || g.from.length > 1 ? g.from : [],
		);
	const compositions = (n: number, parts: number): number[][] =>
		parts === 1
			? [[n]]
			: Array.from({ length: n + 1 }, (_, a) =>
					compositions(n - a, parts - 1).map((rest) => [a, ...rest]),
				).flat();
	const options = t.rows.map((r) =>
		compositions(r.n as number, cats.length).filter((v) => fits(r, v)),
	);
	const trueTotal = cats.map((c) =>
		original.rows.reduce((s, r) => s + (r.counts[c] ?? 0), 0),
	);
	const out: Record<string, [number, number]> = {};
	const note = (name: string, c: string, value: number) => {
		const k = `${name}/${c}`;
		const cur = out[k];
		out[k] = cur
			? [Math.min(cur[0], value), Math.max(cur[1], value)]
			: [value, value];
	};
	const chosen: number[][] = [];
	const walk = (i: number) => {
		if (i === t.rows.length) {
			const total = cats.map((_, j) =>
				chosen.reduce((s, v) => s + (v[j] ?? 0), 0),
			);
			if (!fits(t.total, total, knownRowTotals ? trueTotal : undefined)) return;
			t.rows.forEach((r, ri) => {
				for (const c of hidden(r))
					note(r.name, c, chosen[ri]?.[cats.indexOf(c)] ?? 0);
			});
			for (const c of hidden(t.total))
				note(t.total.name, c, total[cats.indexOf(c)] ?? 0);
			return;
		}
		for (const v of options[i] ?? []) {
			chosen[i] = v;
			walk(i + 1);
		}
	};
	walk(0);
	return out;
}
