import { describe, expect, it } from "vitest";
import { makeBallot } from "../../../src/domain/ballots/ballot.js";
import { catalogue } from "../../../src/domain/questions/catalogue.js";
import {
	buildReport,
	type EarlierRelease,
	type ReportInput,
} from "../../../src/domain/reporting/build-report.js";
import type {
	BreakdownRow,
	CampaignReport,
} from "../../../src/domain/reporting/campaign-report.js";
import {
	type Tally,
	tallyBallots,
} from "../../../src/domain/reporting/tally.js";

const input: ReportInput = {
	campaignId: "cmp_1",
	campaignName: "Census 2026",
	closedOn: "2026-12-14",
	invited: 400,
	responded: 300,
	targetRatePercent: 70,
	minCellSize: 10,
	questions: ["key"],
	groupOrder: [],
	mergedAtLaunch: [],
	gradeOrder: [],
};

type Cell = [group: string, grade: string, p: number, i: number, w: number];

/** A tally from group × grade counts of the three groups; `excluded` answers are not classifiable. */
function tally(cells: Cell[], excluded = 0): Tally {
	return {
		responses: cells.reduce((s, c) => s + c[2] + c[3] + c[4], 0) + excluded,
		notClassifiable: excluded,
		cross: cells.map(([a, b, p, i, w]) => ({
			a,
			b,
			counts: { professional: p, intermediate: i, working_class: w },
		})),
		supplementary: {},
	};
}

function build(
	cells: Cell[],
	overrides: Partial<ReportInput> = {},
	earlier: EarlierRelease[] = [],
) {
	return buildReport({ ...input, ...overrides }, tally(cells), earlier);
}

const row = (r: CampaignReport, dim: "byGroup" | "byGrade", name: string) => {
	const found = r[dim].rows.find(
		(x) => x.name === name || x.members.includes(name),
	);
	if (!found) throw new Error(`no row ${name}`);
	return found;
};

// CSPS 2024 by grade (docs/smc-questions.md §4.1): High, Intermediate, Routine + never worked.
const csps: [string, number, number, number][] = [
	["AO/AA", 17216, 5229, 14874 + 1207],
	["EO", 26323, 7866, 19296 + 1835],
	["SEO/HEO", 47846, 12171, 25489 + 2505],
	["G6/7", 33727, 6834, 12033 + 1132],
	["SCS", 4144, 636, 949 + 119],
];

/** Spreads each grade over four departments (40/30/20/10%), keeping each grade's totals exact. */
function cspsCells(): Cell[] {
	const parts = [0.4, 0.3, 0.2, 0.1];
	const cells: Cell[] = [];
	for (const [grade, ...counts] of csps) {
		const split = counts.map((c) => {
			const shares = parts.map((p) => Math.floor(c * p));
			shares[0] = (shares[0] ?? 0) + c - shares.reduce((s, x) => s + x, 0);
			return shares;
		});
		parts.forEach((_, d) => {
			cells.push([
				`Department ${d + 1}`,
				grade,
				split[0]?.[d] ?? 0,
				split[1]?.[d] ?? 0,
				split[2]?.[d] ?? 0,
			]);
		});
	}
	return cells;
}

describe("the leadership report", () => {
	it("reproduces the CSPS 2024 grade table within 1 point and calls it a gradual decline", () => {
		const { report } = build(cspsCells(), {
			gradeOrder: csps.map(([g]) => g),
			invited: 300_000,
			responded: 241_431,
		});
		expect(report.published).toBe(true);
		for (const [grade, high, mid, low] of csps) {
			const n = high + mid + low;
			const r = row(report, "byGrade", grade);
			expect(r.status).toBe("shown");
			expect(r.step).toBe(1);
			expect(
				Math.abs((r.shares.professional as number) - (100 * high) / n),
			).toBeLessThanOrEqual(1);
			expect(
				Math.abs((r.shares.intermediate as number) - (100 * mid) / n),
			).toBeLessThanOrEqual(1);
			expect(
				Math.abs((r.shares.working_class as number) - (100 * low) / n),
			).toBeLessThanOrEqual(1);
		}
		expect(report.byGrade.rows.map((r) => r.shares.working_class)).toEqual([
			42, 38, 32, 25, 18,
		]);
		expect(report.progression.verdict).toBe("gradual-decline");
		expect(report.progression.sentence).toMatch(
			/falls gradually from 42% at AO\/AA to 18% at SCS/,
		);
		expect(report.takeaways).toHaveLength(3);
		expect(report.takeaways[1]).toMatch(/falls steadily with seniority/);
	});

	// Legal: 12 people, 11 working class, the only department at G5 (docs/privacy-tests.md §2.5 Step 4).
	const legal: Cell[] = [
		["Legal", "G5", 1, 0, 11],
		["Engineering", "G1", 0, 22, 10],
		["Engineering", "G2", 1, 26, 24],
		["Sales", "G1", 22, 1, 6],
		["Sales", "G2", 15, 10, 28],
	];

	it("publishes nothing about a 12-person department where 11 gave one answer, nor about its grade", () => {
		const { report } = build(legal, { gradeOrder: ["G1", "G2", "G5"] });
		const legalRow = row(report, "byGroup", "Legal");
		expect(legalRow.status).toBe("hidden");
		expect(legalRow.shares).toEqual({});
		const g5 = row(report, "byGrade", "G5");
		expect(Object.values(g5.shares).every((s) => s === null)).toBe(true);
		expect(JSON.stringify(report)).not.toMatch(/92%|90%/);
	});

	it.each([
		["10/10", [10, 0, 0]],
		["9/1", [9, 1, 0]],
		["8/2", [8, 2, 0]],
	] as const)(
		"hides a homogeneous group (%s) whatever else is published (S7)",
		(_, counts) => {
			const cells: Cell[] = [
				["Small", "G1", counts[0], counts[1], counts[2]],
				["Engineering", "G1", 30, 25, 35],
				["Engineering", "G2", 20, 15, 25],
				["Sales", "G1", 25, 20, 30],
				["Sales", "G2", 15, 20, 25],
			];
			const { report } = build(cells, { gradeOrder: ["G1", "G2"] });
			const small = row(report, "byGroup", "Small");
			expect(["hidden", "too-few"]).toContain(small.status);
			expect(Object.values(small.shares).every((s) => s === null)).toBe(true);
		},
	);

	it("names every department merged at launch in a footnote, shown or merged again", () => {
		const mergedAtLaunch = [
			{ name: "Other departments", departments: ["Facilities", "Legal"] },
			{ name: "Sales + Other", departments: ["Sales", "Estates"] },
		];
		const { report } = build(
			[
				["Engineering", "G1", 20, 15, 25],
				["Other departments", "G1", 8, 6, 9],
				["Sales + Other", "G1", 2, 1, 2],
			],
			{
				gradeOrder: ["G1"],
				groupOrder: ["Engineering", "Other departments", "Sales + Other"],
				mergedAtLaunch,
			},
		);
		const notes = report.byGroup.footnotes.join(" ");
		for (const department of ["Facilities", "Legal", "Sales", "Estates"])
			expect(notes, department).toContain(department);
		// Sales + Other had too few answers, so it was merged again, into Other departments.
		expect(notes).toContain(
			"Other departments includes Facilities, Legal, Sales and Estates.",
		);
		expect(report.byGrade.footnotes.join(" ")).not.toContain("Legal");
		const shown = build(
			[
				["Engineering", "G1", 20, 15, 25],
				["Other departments", "G1", 18, 12, 20],
			],
			{
				gradeOrder: ["G1"],
				groupOrder: ["Engineering", "Other departments"],
				mergedAtLaunch: mergedAtLaunch.slice(0, 1),
			},
		).report;
		expect(row(shown, "byGroup", "Other departments").status).toBe("shown");
		expect(shown.byGroup.footnotes).toContain(
			"Other departments includes Facilities and Legal: departments too small to report on their own were merged before the census started.",
		);
	});

	it("publishes nothing below k classified answers (R10) and says why", () => {
		const { report } = build([["A", "G1", 3, 2, 4]], { gradeOrder: ["G1"] });
		expect(report.published).toBe(false);
		expect(report.classified).toBeNull();
		expect(report.groups.every((g) => g.percent === null)).toBe(true);
		expect(
			[...report.byGroup.rows, ...report.byGrade.rows].every(
				(r) => Object.keys(r.shares).length === 0,
			),
		).toBe(true);
		expect(report.notes.join(" ")).toMatch(/Fewer than 10 answers/);
	});

	it("rounds every published share to its step and every count to 5 (S6)", () => {
		const { report } = build(
			cspsCells().map(
				([a, b, p, i, w]) =>
					[
						a,
						b,
						Math.round(p / 400),
						Math.round(i / 400),
						Math.round(w / 400),
					] as Cell,
			),
			{
				gradeOrder: csps.map(([g]) => g),
			},
		);
		const rows: BreakdownRow[] = [
			...report.byGroup.rows,
			...report.byGrade.rows,
		];
		expect(rows.some((r) => r.status === "shown")).toBe(true);
		for (const r of rows) {
			if (r.answers !== null) expect(r.answers % 5).toBe(0);
			for (const s of Object.values(r.shares))
				if (s !== null) expect(s % (r.step as number)).toBe(0);
		}
		for (const g of report.groups)
			if (g.percent !== null)
				expect(g.percent % (report.groupsStep as number)).toBe(0);
		expect((report.classified as number) % 5).toBe(0);
	});

	it("publishes the organisation's shares, the same in both tables, within 1 point of the true shares", () => {
		const { report } = build(cspsCells(), {
			gradeOrder: csps.map(([g]) => g),
			invited: 300_000,
			responded: 241_431,
		});
		const totals = [0, 1, 2].map((i) =>
			csps.reduce((s, c) => s + (c[i + 1] as number), 0),
		);
		const n = totals.reduce((s, x) => s + x, 0);
		expect(report.groupsStep).toBe(1);
		report.groups.forEach((g, i) => {
			expect(g.percent).not.toBeNull();
			expect(
				Math.abs((g.percent as number) - (100 * (totals[i] as number)) / n),
			).toBeLessThanOrEqual(1);
		});
	});

	it("withholds a row that changed by fewer than k answers since an earlier report (R8), not one that changed by k", () => {
		const cells: Cell[] = [
			["Engineering", "G1", 30, 25, 35],
			["Engineering", "G2", 20, 15, 25],
			["Sales", "G1", 25, 20, 30],
			["Sales", "G2", 15, 20, 25],
		];
		const first = build(cells, { gradeOrder: ["G1", "G2"] });
		expect(first.counts["group:Engineering"]).toBe(150);
		expect(row(first.report, "byGroup", "Engineering").status).toBe("shown");
		const moved = (by: number) =>
			build(cells, { gradeOrder: ["G1", "G2"] }, [
				{ counts: { ...first.counts, "group:Engineering": 150 - by } },
			]).report;
		const three = moved(3);
		expect(row(three, "byGroup", "Engineering").status).toBe("hidden");
		expect(three.byGroup.footnotes.join(" ")).toMatch(
			/Engineering: not shown, because the number of answers changed by fewer than 10/,
		);
		expect(row(moved(10), "byGroup", "Engineering").status).toBe("shown");
		expect(row(moved(0), "byGroup", "Engineering").status).toBe("shown");
	});

	it("finds a cliff edge and turns it into a takeaway", () => {
		const cells: Cell[] = [];
		const grades: [string, number][] = [
			["Associate", 0.45],
			["Manager", 0.43],
			["Director", 0.12],
		];
		for (const [grade, wc] of grades)
			for (const dept of ["Ops", "Tech"]) {
				const n = 200;
				const w = Math.round(n * wc);
				cells.push([
					dept,
					grade,
					Math.round((n - w) * 0.6),
					n - w - Math.round((n - w) * 0.6),
					w,
				]);
			}
		const { report } = build(cells, { gradeOrder: grades.map(([g]) => g) });
		expect(report.progression.verdict).toBe("cliff-edge");
		expect(report.progression.cliffAt).toEqual({
			from: "Manager",
			to: "Director",
		});
		expect(report.takeaways[1]).toMatch(/between Manager and Director/);
		expect(
			report.progression.workingClassByGrade.map((g) => g.percent),
		).toEqual([45, 45, 10]);
	});

	it("orders grades as frozen at launch, then unknown grades in natural order", () => {
		const cells: Cell[] = [
			["A", "Band 10", 20, 20, 20],
			["A", "Band 2", 20, 20, 20],
			["A", "Senior", 20, 20, 20],
			["A", "Junior", 20, 20, 20],
		];
		const { report } = build(cells, { gradeOrder: ["Junior", "Senior"] });
		expect(report.byGrade.rows.map((r) => r.name)).toEqual([
			"Junior",
			"Senior",
			"Band 2",
			"Band 10",
		]);
	});
});

describe("supplementary measures", () => {
	const option = (q: "school" | "fsm" | "parents_degree", group: string) =>
		catalogue[q].options.find((o) => o.group === group)?.id as string;

	function ballots(
		spec: { school: string; fsm: string; pdeg: string; n: number }[],
	) {
		const out = [];
		for (const s of spec)
			for (let i = 0; i < s.n; i++)
				out.push(
					makeBallot(
						{
							key: catalogue.key.options[i % 3 === 0 ? 0 : i % 3 === 1 ? 5 : 8]
								?.id as string,
							school: option("school", s.school),
							fsm: option("fsm", s.fsm),
							parents_degree: option("parents_degree", s.pdeg),
						},
						i % 2 === 0 ? "Engineering" : "Sales",
						i % 4 < 2 ? "G1" : "G2",
					),
				);
		return out;
	}

	it("shows independent school against 7%, free school meals and parents' degree as context only", () => {
		const t = tallyBallots(
			ballots([
				{
					school: "independent",
					fsm: "not_fsm",
					pdeg: "not_first_generation",
					n: 30,
				},
				{ school: "state", fsm: "fsm", pdeg: "first_generation", n: 120 },
				{ school: "state", fsm: "not_fsm", pdeg: "first_generation", n: 50 },
			]),
		);
		const { report } = buildReport(
			{
				...input,
				questions: ["key", "school", "fsm", "parents_degree"],
				gradeOrder: ["G1", "G2"],
			},
			t,
			[],
		);
		const [school, fsm, pdeg] = report.supplementary;
		expect(school).toMatchObject({
			question: "school",
			percent: 15,
			benchmarkPercent: 7,
			answers: 200,
		});
		// No bursary answers: the zero is not shown, and it does not blank the independent share.
		expect(school?.detail).toBeNull();
		expect(fsm).toMatchObject({
			question: "fsm",
			percent: 60,
			benchmarkPercent: null,
		});
		expect(pdeg).toMatchObject({
			question: "parents_degree",
			percent: 85,
			benchmarkPercent: null,
		});
	});

	it("hides a measure that a handful of people answer one way", () => {
		const t = tallyBallots(
			ballots([
				{ school: "independent", fsm: "fsm", pdeg: "first_generation", n: 4 },
				{ school: "state", fsm: "not_fsm", pdeg: "first_generation", n: 100 },
			]),
		);
		const { report } = buildReport(
			{
				...input,
				questions: ["key", "school", "fsm", "parents_degree"],
				gradeOrder: ["G1", "G2"],
			},
			t,
			[],
		);
		expect(report.supplementary.map((m) => m.percent)).toEqual([
			null,
			null,
			null,
		]);
	});
});
