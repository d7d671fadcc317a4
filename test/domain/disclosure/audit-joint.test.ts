import { describe, expect, it } from "vitest";
import {
	auditJoint,
	type CrossCell,
} from "../../../src/domain/disclosure/audit-joint.js";
import { auditTable } from "../../../src/domain/disclosure/audit-table.js";
import type { CountTable } from "../../../src/domain/disclosure/disclosure-types.js";
import { protectJoint } from "../../../src/domain/disclosure/protect-joint.js";
import { protectTable } from "../../../src/domain/disclosure/protect-table.js";

const categories = ["professional", "intermediate", "working_class"];

/**
 * Three people in department A1 at grade B1, all working class. Each table is safe on its own (every row shown,
 * each passes its own audit), but with the group × grade counts known (roster and participation), A1's and B1's
 * shares leave no other way to fill A1 × B1: the joint tables name the class of three identifiable people.
 */
const cells: [string, string, number, number, number][] = [
	["A1", "B1", 0, 0, 3],
	["A1", "B2", 12, 12, 10],
	["A2", "B1", 12, 12, 10],
	["A2", "B2", 10, 10, 0],
];

const cross: CrossCell[] = cells.map(([a, b, p, i, w]) => ({
	a,
	b,
	counts: { professional: p, intermediate: i, working_class: w },
}));

function margin(key: "a" | "b"): CountTable {
	const rows = new Map<string, Record<string, number>>();
	for (const cell of cross) {
		const row = rows.get(cell[key]) ?? {};
		for (const c of categories) row[c] = (row[c] ?? 0) + (cell.counts[c] ?? 0);
		rows.set(cell[key], row);
	}
	return {
		categories,
		rows: [...rows].map(([name, counts]) => ({ name, counts })),
	};
}

const departments = margin("a");
const grades = margin("b");

describe("the joint audit of the department and grade tables", () => {
	it("fails a small group × grade cell the two tables pin down, though each table passes on its own", () => {
		const a = protectTable(departments, { k: 10, knownRowTotals: true });
		const b = protectTable(grades, { k: 10, knownRowTotals: true });
		// On its own, every row of each table is shown and nothing in it can be worked out.
		expect(a.rows.map((r) => r.status)).toEqual(["published", "published"]);
		expect(b.rows.map((r) => r.status)).toEqual(["published", "published"]);
		expect(auditTable(departments, a, { knownRowTotals: true }).ok).toBe(true);
		expect(auditTable(grades, b, { knownRowTotals: true }).ok).toBe(true);

		const joint = auditJoint(
			{ table: departments, published: a },
			{ table: grades, published: b },
			cross,
			10,
		);
		expect(joint.ok).toBe(false);
		// Only the group × grade audit sees it: the three at A1 × B1 could be nothing but working class.
		expect(joint.failures.every((f) => f.where === "cross")).toBe(true);
		expect(joint.failures).toContainEqual(
			expect.objectContaining({
				where: "cross",
				a: "A1",
				b: "B1",
				category: "working_class",
				need: 3,
				found: 0,
			}),
		);
	});

	it("is passed once protectJoint withholds what pinned the cell", () => {
		const joint = protectJoint({ a: departments, b: grades, cross }, { k: 10 });
		const shown = (
			rows: { cells: Record<string, { percent: number | null }> }[],
		) =>
			rows.every((r) => Object.values(r.cells).some((c) => c.percent !== null));
		// Something was withheld: both tables in full are what pinned A1 × B1.
		expect(shown(joint.a.rows) && shown(joint.b.rows)).toBe(false);
		expect(
			auditJoint(
				{ table: departments, published: joint.a },
				{ table: grades, published: joint.b },
				cross,
				10,
			).ok,
		).toBe(true);
	});
});
