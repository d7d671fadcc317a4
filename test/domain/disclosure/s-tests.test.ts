import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CountTable } from "../../../src/domain/disclosure/disclosure-types.js";
import { protectTable } from "../../../src/domain/disclosure/protect-table.js";
import {
	jointScenarioArbitrary,
	jointViolations,
	type Scenario,
	s1Violations,
	s3Violations,
	scenarioArbitrary,
	sViolations,
} from "./s-properties.js";

/** docs/privacy-tests.md §7.2, PR level: 1,000 random tables. Nightly: `npx tsx test/domain/disclosure/s-tests.ts --runs 10000`. */
describe("S-tests over random tables", () => {
	it("S1, S2, S3 and S6 hold for 1,000 random tables", () => {
		fc.assert(
			fc.property(scenarioArbitrary, (s) => {
				expect(sViolations(s)).toEqual([]);
			}),
			{ numRuns: 1000 },
		);
	}, 60_000);

	it("S1, S2 (joint audit over the union), S3 and S6 hold for 1,000 random group × grade organisations", () => {
		fc.assert(
			fc.property(jointScenarioArbitrary, (s) => {
				expect(jointViolations(s)).toEqual([]);
			}),
			{ numRuns: 1000 },
		);
	}, 60_000);
});

describe("the S-test checks themselves", () => {
	const scenario = (rows: number[][], knownRowTotals = true): Scenario => ({
		table: {
			categories: ["a", "b", "c"],
			rows: rows.map((r, i) => ({
				name: `r${i}`,
				counts: { a: r[0] ?? 0, b: r[1] ?? 0, c: r[2] ?? 0 },
			})),
		} satisfies CountTable,
		opts: { k: 10, knownRowTotals },
	});

	it("flag a small cell, a homogeneous row and an off-step percentage", () => {
		const s = scenario([[30, 20, 4]], false);
		const published = protectTable(s.table, s.opts);
		const leaky = structuredClone(published);
		const first = leaky.rows[0];
		if (!first) throw new Error("no row");
		first.cells.c = { percent: 7 };
		expect(s1Violations(s, leaky)).toEqual(
			expect.arrayContaining([
				"r0/c: small cell 4 shown",
				"r0/c: 7% not a multiple of 5",
			]),
		);
		const homogeneous = scenario([[10, 1, 1]], false);
		const shown = structuredClone(
			protectTable(homogeneous.table, homogeneous.opts),
		);
		const row = shown.rows[0];
		if (!row) throw new Error("no row");
		row.cells = { a: { percent: 85 }, b: { percent: 10 }, c: { percent: 10 } };
		row.step = 5;
		expect(s1Violations(homogeneous, shown)).toContain(
			"r0: homogeneous row shown",
		);
	});

	it("S3 flags a line whose hidden mass an insider could subtract down below k", () => {
		const s = scenario([[30, 5, 4]], false);
		const published = structuredClone(protectTable(s.table, s.opts));
		const row = published.rows[0];
		if (!row) throw new Error("no row");
		row.cells.a = { percent: 75 }; // un-hide the complement: only 5 + 4 = 9 stay hidden
		expect(s3Violations(s, published)).toEqual(["row r0: 2 hidden, mass 9"]);
		expect(s3Violations(s, protectTable(s.table, s.opts))).toEqual([]);
	});
});
