import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeBallot } from "../../../src/domain/ballots/ballot.js";
import { catalogue } from "../../../src/domain/questions/catalogue.js";
import {
	buildReport,
	type KeyQuestionTally,
	type ReportInput,
	tallyKeyQuestion,
} from "../../../src/domain/reporting/build-report.js";
import type { CampaignReport } from "../../../src/domain/reporting/campaign-report.js";

const input: ReportInput = {
	campaignId: "cmp_1",
	campaignName: "Census 2026",
	closedOn: "2026-12-14",
	invited: 200,
	responded: 150,
	targetRatePercent: 70,
	minCellSize: 10,
};

function report(
	professional: number,
	intermediate: number,
	working_class: number,
	excluded = 0,
	overrides: Partial<ReportInput> = {},
): CampaignReport {
	return buildReport(
		{ ...input, ...overrides },
		{ professional, intermediate, working_class, excluded },
	);
}

const percents = (r: CampaignReport) => r.groups.map((g) => g.percent);

describe("tallyKeyQuestion", () => {
	it("counts each key-question option in its §1.3 group", () => {
		const ballots = catalogue.key.options.map((o) =>
			makeBallot({ key: o.id }, "Sales", "G5"),
		);
		expect(tallyKeyQuestion(ballots)).toEqual({
			professional: 2,
			intermediate: 2,
			working_class: 3,
			excluded: 2,
		});
	});

	it("counts missing, unknown and other questions' answers as not classifiable", () => {
		const ballots = [
			makeBallot({}, "Sales", "G5"),
			makeBallot({ school: "sch_independent" }, "Sales", "G5"),
			makeBallot({ key: "occ_unknown" }, "Sales", "G5"),
			makeBallot({ key: "fsm_yes" }, "Sales", "G5"),
			makeBallot({ key: "professional" }, "Sales", "G5"),
			makeBallot({ key: "occ_routine", fsm: "fsm_yes" }, "Sales", "G5"),
		];
		expect(tallyKeyQuestion(ballots)).toEqual({
			professional: 0,
			intermediate: 0,
			working_class: 1,
			excluded: 5,
		});
	});

	it("returns zeros for no ballots", () => {
		expect(tallyKeyQuestion([])).toEqual({
			professional: 0,
			intermediate: 0,
			working_class: 0,
			excluded: 0,
		});
	});
});

describe("buildReport shares", () => {
	it("gives whole-number shares of classified answers only", () => {
		const r = report(50, 30, 20, 400);
		expect(r.published).toBe(true);
		expect(percents(r)).toEqual([50, 30, 20]);
		expect(r.classified).toBe(100);
		expect(r.notClassifiable).toBe(400);
		expect(r.notes).toEqual([]);
	});

	it("rounds to whole numbers", () => {
		expect(percents(report(13, 13, 14))).toEqual([33, 33, 35]);
		expect(percents(report(20, 20, 20))).toEqual([33, 33, 33]);
	});

	it("labels the groups in a fixed order with the 37 / 24 / 39 benchmark", () => {
		const r = report(50, 30, 20);
		expect(r.groups.map((g) => [g.group, g.benchmarkPercent])).toEqual([
			["professional", 37],
			["intermediate", 24],
			["working_class", 39],
		]);
		for (const g of r.groups) expect(g.label.length).toBeGreaterThan(0);
		expect(r.benchmark.version).toBe("smc-2021-05");
	});

	it("copies the campaign facts", () => {
		const r = report(50, 30, 20);
		expect(r).toMatchObject({
			campaignId: "cmp_1",
			campaignName: "Census 2026",
			closedOn: "2026-12-14",
			invited: 200,
			responded: 150,
			targetRatePercent: 70,
			minCellSize: 10,
		});
	});
});

describe("buildReport response rate", () => {
	it.each([
		[200, 150, 75],
		[3, 2, 67],
		[8, 1, 13],
		[8, 7, 88],
		[1000, 999, 100],
		[1000, 4, 0],
		[0, 0, 0],
	])("invited %i, responded %i → %i%%", (invited, responded, rate) => {
		expect(
			report(50, 30, 20, 0, { invited, responded }).responseRatePercent,
		).toBe(rate);
	});
});

describe("buildReport disclosure control", () => {
	it("publishes nothing below k classified answers, however many were not classifiable (R1, R10)", () => {
		const r = report(5, 3, 1, 500);
		expect(r.published).toBe(false);
		expect(percents(r)).toEqual([null, null, null]);
		expect(r.classified).toBeNull();
		expect(r.notClassifiable).toBeNull();
		expect(r.notes).toEqual([expect.stringContaining("Fewer than 10")]);
		// Benchmarks are public and stay visible.
		expect(r.groups.map((g) => g.benchmarkPercent)).toEqual([37, 24, 39]);
	});

	it("follows the configured minimum", () => {
		expect(report(4, 0, 0, 0, { minCellSize: 5 }).published).toBe(false);
		expect(percents(report(5, 5, 5, 0, { minCellSize: 5 }))).toEqual([
			33, 33, 33,
		]);
		expect(report(5, 5, 5, 0, { minCellSize: 20 }).published).toBe(false);
	});

	it("suppresses a cell of 1–9 and the next-smallest cell with it (R2, R3)", () => {
		const r = report(50, 30, 5);
		expect(percents(r)).toEqual([59, null, null]);
		expect(r.notes).toEqual([expect.stringContaining("[c]")]);
		expect(percents(report(30, 50, 9))).toEqual([null, 56, null]);
		expect(percents(report(9, 50, 30))).toEqual([null, 56, null]);
	});

	it("needs no secondary suppression when two cells are already small", () => {
		expect(percents(report(50, 5, 5))).toEqual([83, null, null]);
	});

	it("shows a cell of exactly k", () => {
		expect(percents(report(10, 10, 10))).toEqual([33, 33, 33]);
	});

	it("suppresses an empty cell (a 0 tells everyone's answer) and then the next smallest", () => {
		expect(percents(report(20, 20, 0)).filter((x) => x !== null)).toEqual([50]);
		expect(percents(report(25, 0, 5))).toEqual([83, null, null]);
	});

	it.each([
		[30, 1, 1],
		[30, 2, 0],
		[10, 0, 0],
		[0, 0, 40],
		[1, 100, 1],
	])(
		"publishes no breakdown when fewer than 3 answers fall outside the largest group: %i/%i/%i (R4)",
		(p, i, w) => {
			const r = report(p, i, w);
			expect(percents(r)).toEqual([null, null, null]);
			expect(r.notes).toEqual([expect.stringContaining("one group")]);
		},
	);

	it("breaks down a group once 3 answers fall outside the largest group", () => {
		expect(percents(report(30, 3, 0))).toEqual([91, null, null]);
	});

	it("never shows a share for a cell of 1..k-1, and never exactly one [c] (property)", () => {
		const count = fc.integer({ min: 0, max: 80 });
		fc.assert(
			fc.property(
				count,
				count,
				count,
				fc.integer({ min: 0, max: 50 }),
				fc.constantFrom(3, 5, 10, 20),
				(professional, intermediate, working_class, excluded, k) => {
					const tally: KeyQuestionTally = {
						professional,
						intermediate,
						working_class,
						excluded,
					};
					const r = buildReport({ ...input, minCellSize: k }, tally);
					const classified = professional + intermediate + working_class;
					if (classified < k) expect(r.published).toBe(false);
					for (const g of r.groups) {
						const n = tally[g.group];
						if (g.percent === null) continue;
						// Shown cells hold at least k answers; an empty cell is never shown.
						expect(n).toBeGreaterThanOrEqual(k);
						expect(g.percent).toBe(Math.round((100 * n) / classified));
					}
					const nulls = r.groups.filter((g) => g.percent === null).length;
					if (r.published) expect(nulls).not.toBe(1);
					else expect(nulls).toBe(3);
					expect(r.published).toBe(nulls < 3);
					expect(r.classified === null).toBe(classified < k);
				},
			),
			{ numRuns: 500 },
		);
	});
});
