import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
	auditJoint,
	type CrossCell,
} from "../../../src/domain/disclosure/audit-joint.js";
import type {
	CountTable,
	ProtectedRow,
	ProtectedTable,
} from "../../../src/domain/disclosure/disclosure-types.js";
import { protectJoint } from "../../../src/domain/disclosure/protect-joint.js";
import { protectTable } from "../../../src/domain/disclosure/protect-table.js";
import {
	percentInterval,
	roundPercent,
} from "../../../src/domain/disclosure/round-percent.js";

const categories = ["professional", "intermediate", "working_class"];

/** Cross cells as [group, grade, professional, intermediate, working class]. */
function tables(cells: [string, string, number, number, number][]) {
	const cross: CrossCell[] = cells.map(([a, b, p, i, w]) => ({
		a,
		b,
		counts: { professional: p, intermediate: i, working_class: w },
	}));
	const margin = (key: "a" | "b"): CountTable => {
		const rows = new Map<string, Record<string, number>>();
		for (const cell of cross) {
			const row = rows.get(cell[key]) ?? {};
			for (const c of categories)
				row[c] = (row[c] ?? 0) + (cell.counts[c] ?? 0);
			rows.set(cell[key], row);
		}
		return {
			categories,
			rows: [...rows].map(([name, counts]) => ({ name, counts })),
		};
	};
	return { a: margin("a"), b: margin("b"), cross };
}

describe("joint protection of the department and grade tables", () => {
	// Legal: 12 people, 11 working class, and the only department at grade G5. Each table on its own hides Legal
	// (and G5) as homogeneous, with complementary suppression around it; together they pin Legal down.
	const legal = tables([
		["Legal", "G5", 1, 0, 11],
		["Engineering", "G1", 0, 22, 10],
		["Engineering", "G2", 1, 26, 24],
		["Sales", "G1", 22, 1, 6],
		["Sales", "G2", 15, 10, 28],
	]);

	it("hides the 12-person department where 11 gave one answer, and it cannot be derived", () => {
		const alone = protectTable(legal.a, { k: 10, knownRowTotals: true });
		const legalRow = alone.rows.find((r) => r.name === "Legal");
		expect(legalRow?.status).toBe("homogeneous");
		const grades = protectTable(legal.b, { k: 10, knownRowTotals: true });
		// Published separately, the two tables together pin Legal down.
		const naive = auditJoint(
			{ table: legal.a, published: alone },
			{ table: legal.b, published: grades },
			legal.cross,
			10,
		);
		expect(naive.ok).toBe(false);
		expect(naive.failures.some((f) => f.a === "Legal" || f.b === "G5")).toBe(
			true,
		);

		const joint = protectJoint(legal, { k: 10 });
		const again = auditJoint(
			{ table: legal.a, published: joint.a },
			{ table: legal.b, published: joint.b },
			legal.cross,
			10,
		);
		expect(again.ok).toBe(true);
		const published = joint.a.rows.find((r) => r.name === "Legal");
		expect(
			Object.values(published?.cells ?? {}).every((c) => c.percent === null),
		).toBe(true);
		const g5name =
			joint.b.merged.find((m) => m.from.includes("G5"))?.into ?? "G5";
		const g5 = joint.b.rows.find((r) => r.name === g5name);
		expect(
			Object.values(g5?.cells ?? {}).every((c) => c.percent === null),
		).toBe(true);
	});

	it("changes nothing when the tables are safe together", () => {
		const safe = tables([
			["Engineering", "G1", 40, 20, 30],
			["Engineering", "G2", 35, 15, 25],
			["Sales", "G1", 30, 25, 35],
			["Sales", "G2", 25, 20, 30],
		]);
		const joint = protectJoint(safe, { k: 10 });
		expect(joint.rounds).toBe(1);
		expect(joint.withheld).toEqual({ a: [], b: [] });
		expect(
			joint.a.rows.every((r) =>
				Object.values(r.cells).every((c) => c.percent !== null),
			),
		).toBe(true);
	});

	it("rejects cross cells that do not add up to the published rows", () => {
		const safe = tables([
			["Engineering", "G1", 40, 20, 30],
			["Sales", "G2", 25, 20, 30],
		]);
		const a = protectTable(safe.a, { k: 10, knownRowTotals: true });
		const b = protectTable(safe.b, { k: 10, knownRowTotals: true });
		expect(() =>
			auditJoint(
				{ table: safe.a, published: a },
				{ table: safe.b, published: b },
				safe.cross.slice(1),
				10,
			),
		).toThrow(/does not match/);
	});
});

describe("the joint audit against brute force", () => {
	/** Every way to split n answers over the three categories. */
	function compositions(n: number): number[][] {
		const out: number[][] = [];
		for (let p = 0; p <= n; p++)
			for (let i = 0; i <= n - p; i++) out.push([p, i, n - p - i]);
		return out;
	}

	/** Exact failures by enumerating every table consistent with what is published. */
	function bruteForceFailures(
		tablesIn: ReturnType<typeof tables>,
		a: ProtectedTable,
		b: ProtectedTable,
	): Set<string> {
		const into = (t: ProtectedTable, name: string) =>
			t.merged.find((m) => m.from.includes(name))?.into ?? name;
		const cells = tablesIn.cross.map((c) => ({
			...c,
			a: into(a, c.a),
			b: into(b, c.b),
		}));
		const sizes = cells.map((c) =>
			categories.reduce((s, k) => s + (c.counts[k] ?? 0), 0),
		);
		const options = sizes.map(compositions);
		const consistent: number[][][] = [];
		const choice = new Array<number[]>(cells.length);
		const rowSums = (key: "a" | "b", name: string) => {
			const sum = [0, 0, 0];
			cells.forEach((c, idx) => {
				if (c[key] !== name) return;
				for (let q = 0; q < 3; q++)
					sum[q] = (sum[q] ?? 0) + ((choice[idx] as number[])[q] ?? 0);
			});
			return sum;
		};
		const fits = (row: ProtectedRow, sum: number[], exact: boolean) =>
			categories.every((c, q) => {
				const p = row.cells[c]?.percent;
				if (p == null) return true;
				const v = sum[q] as number;
				if (exact) {
					const truth = cells.reduce((s, x) => s + (x.counts[c] ?? 0), 0);
					return v === truth;
				}
				const { lo, hi } = percentInterval(
					p,
					row.n as number,
					row.step as number,
				);
				return v >= lo && v <= hi;
			});
		const walk = (idx: number) => {
			if (idx === cells.length) {
				const ok =
					a.rows.every((r) => fits(r, rowSums("a", r.name), false)) &&
					b.rows.every((r) => fits(r, rowSums("b", r.name), false)) &&
					fits(
						a.total,
						[0, 1, 2].map((q) => choice.reduce((s, ch) => s + (ch[q] ?? 0), 0)),
						true,
					);
				if (ok) consistent.push(choice.map((ch) => [...ch]));
				return;
			}
			for (const o of options[idx] ?? []) {
				choice[idx] = o;
				walk(idx + 1);
			}
		};
		walk(0);
		const failures = new Set<string>();
		const check = (
			label: string,
			pick: (t: number[][]) => number,
			truth: number,
			n: number,
			need: number,
		) => {
			const values = consistent.map(pick);
			const lo = Math.min(...values);
			const hi = Math.max(...values);
			// Wide enough, and able to fall to n − 3 where the row would not be homogeneous.
			if (hi - lo < need || lo > Math.min(truth, Math.max(n - 3, 0)))
				failures.add(label);
		};
		for (const [key, table] of [
			["a", a],
			["b", b],
		] as const)
			for (const r of table.rows)
				categories.forEach((c, q) => {
					if (r.cells[c]?.percent != null) return;
					const members = cells
						.map((cell, idx) => ({ cell, idx }))
						.filter(({ cell }) => cell[key] === r.name);
					const n = members.reduce(
						(s, { idx }) => s + (sizes[idx] as number),
						0,
					);
					const truth = members.reduce(
						(s, { cell }) => s + (cell.counts[c] ?? 0),
						0,
					);
					check(
						`${key} ${r.name} ${c}`,
						(t) => members.reduce((s, { idx }) => s + (t[idx]?.[q] ?? 0), 0),
						truth,
						n,
						Math.min(n, 3),
					);
				});
		return failures;
	}

	it("never passes a hidden count that enumeration shows is narrowed (soundness)", () => {
		let narrowed = 0;
		fc.assert(
			fc.property(
				// Three cells of a 2 × 2 organisation, up to 6 answers each: at most 28³ tables to enumerate.
				fc.array(fc.array(fc.nat({ max: 2 }), { minLength: 3, maxLength: 3 }), {
					minLength: 3,
					maxLength: 3,
				}),
				fc.array(fc.boolean(), { minLength: 15, maxLength: 15 }),
				(counts, mask) => {
					const k = 3;
					const t = tables(
						counts.map((c, idx) => [
							`d${idx >> 1}`,
							`g${idx & 1}`,
							c[0] ?? 0,
							c[1] ?? 0,
							c[2] ?? 0,
						]),
					);
					// An arbitrary suppression pattern, not protectTable's: the audit must judge any pattern soundly.
					let bit = 0;
					const publish = (table: CountTable): ProtectedTable => {
						const rowOf = (name: string, counts: Record<string, number>) => {
							const n = categories.reduce((s, c) => s + (counts[c] ?? 0), 0);
							const cells: ProtectedRow["cells"] = {};
							for (const c of categories)
								cells[c] = {
									percent:
										mask[bit++ % mask.length] && n > 0
											? roundPercent(counts[c] ?? 0, n, 5)
											: null,
								};
							return {
								name,
								n,
								cells,
								status: "secondary" as const,
								collapsed: false,
								step: 5,
							};
						};
						const total: Record<string, number> = {};
						for (const r of table.rows)
							for (const c of categories)
								total[c] = (total[c] ?? 0) + (r.counts[c] ?? 0);
						return {
							categories,
							rows: table.rows.map((r) => rowOf(r.name, r.counts)),
							total: rowOf("All", total),
							collapse: null,
							merged: [],
							footnotes: [],
							k,
						};
					};
					const a = publish(t.a);
					const b = publish(t.b);
					b.total = a.total;
					const audit = auditJoint(
						{ table: t.a, published: a },
						{ table: t.b, published: b },
						t.cross,
						k,
					);
					const flagged = new Set(
						audit.failures
							.filter((f) => f.where === "a" || f.where === "b")
							.map((f) => `${f.where} ${f.a ?? f.b} ${f.category}`),
					);
					for (const exact of bruteForceFailures(t, a, b)) {
						narrowed++;
						expect(flagged).toContain(exact);
					}
				},
			),
			{ numRuns: 200, seed: 4 },
		);
		// The check is not vacuous: enumeration did find narrowed counts for the audit to catch.
		expect(narrowed).toBeGreaterThan(10);
	});
});
