import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { CampaignReport } from "../../src/domain/reporting/campaign-report.js";
import { reportToCsv } from "../../src/reports/report-to-csv.js";
import { sampleReport } from "../support/sample-report.js";

type Record = {
	section: string;
	row: string;
	column: string;
	value: string;
	benchmark: string;
	note: string;
};

const read = (csv: string): Record[] => parse(csv, { columns: true });

function find(records: Record[], section: string, row: string, column: string) {
	const hits = records.filter(
		(r) => r.section === section && r.row === row && r.column === column,
	);
	expect(hits, `${section},${row},${column}`).toHaveLength(1);
	return hits[0] as Record;
}

const cell = (n: number | null) => (n === null ? "[c]" : String(n));

/** Every number in the report's numeric fields, except the progression copy of the grade shares. */
function reportNumbers(r: CampaignReport): number[] {
	const rows = [...r.byGroup.rows, ...r.byGrade.rows];
	return [
		r.invited,
		r.responded,
		r.responseRatePercent,
		r.targetRatePercent,
		r.classified,
		r.classifiableRatePercent,
		r.minCellSize,
		r.groupsStep,
		...r.groups.flatMap((g) => [g.percent, g.benchmarkPercent]),
		...rows.flatMap((row) => [
			row.answers,
			row.step,
			...Object.values(row.shares),
		]),
		...r.supplementary.flatMap((m) => [
			m.percent,
			m.answers,
			m.benchmarkPercent,
		]),
	]
		.filter((n): n is number => n !== null)
		.sort((a, b) => a - b);
}

function csvNumbers(records: Record[]): number[] {
	return records
		.filter((r) => !["progression", "takeaway", "footnote"].includes(r.section))
		.flatMap((r) => [r.value, r.benchmark])
		.filter((v) => /^-?\d+(\.\d+)?$/.test(v))
		.map(Number)
		.sort((a, b) => a - b);
}

describe("reportToCsv", () => {
	const report = sampleReport();
	const csv = reportToCsv(report);
	const records = read(csv);

	it("writes one long table with the agreed header and CRLF line ends", () => {
		expect(csv.split("\r\n")[0]).toBe(
			"section,row,column,value,benchmark,note",
		);
		expect(csv.endsWith("\r\n")).toBe(true);
		expect(csv.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
		expect(csv).toContain(
			"\r\norganisation,professional,percent,45,37,Professional background\r\n",
		);
		expect(new Set(records.map((r) => r.section))).toEqual(
			new Set([
				"organisation",
				"participation",
				"group",
				"grade",
				"progression",
				"supplementary",
				"takeaway",
				"footnote",
			]),
		);
	});

	it("holds exactly the numbers of the JSON report", () => {
		expect(csvNumbers(records)).toEqual(reportNumbers(report));
	});

	it("gives the organisation shares with their benchmarks and the response figures", () => {
		for (const g of report.groups) {
			const r = find(records, "organisation", g.group, "percent");
			expect([r.value, r.benchmark, r.note]).toEqual([
				cell(g.percent),
				String(g.benchmarkPercent),
				g.label,
			]);
		}
		const participation = Object.fromEntries(
			records
				.filter((r) => r.section === "participation")
				.map((r) => [r.column, r.value]),
		);
		expect(participation).toEqual({
			invited: "480",
			responded: "341",
			response_rate_percent: "71",
			target_rate_percent: "70",
			classified: "300",
			classifiable_rate_percent: "90",
		});
	});

	it("gives every breakdown share, [c] where suppressed and nothing for rows not shown", () => {
		for (const table of [report.byGroup, report.byGrade])
			for (const row of table.rows) {
				expect(find(records, table.dimension, row.name, "status").value).toBe(
					row.status,
				);
				expect(find(records, table.dimension, row.name, "answers").value).toBe(
					row.answers === null ? "" : String(row.answers),
				);
				const shares = records.filter(
					(r) =>
						r.section === table.dimension &&
						r.row === row.name &&
						table.columns.some((c) => c.key === r.column),
				);
				expect(
					Object.fromEntries(shares.map((r) => [r.column, r.value])),
				).toEqual(
					Object.fromEntries(
						Object.entries(row.shares).map(([k, v]) => [k, cell(v)]),
					),
				);
			}
		expect(find(records, "group", "Operations", "intermediate").value).toBe(
			"[c]",
		);
		expect(find(records, "group", "Other", "answers").note).toBe(
			"fewer than 10 answers",
		);
		expect(
			records
				.filter((r) => r.row === "Other" && r.column === "member")
				.map((r) => r.value),
		).toEqual(["Facilities", "Security"]);
	});

	it("gives progression, supplementary measures, takeaways and footnotes", () => {
		expect(find(records, "progression", "pattern", "verdict").value).toBe(
			"cliff-edge",
		);
		expect(find(records, "progression", "pattern", "cliff_to").value).toBe(
			"G4 Senior manager to G5 Director",
		);
		for (const g of report.progression.workingClassByGrade) {
			const r = find(records, "progression", g.grade, "working_class");
			expect([r.value, r.benchmark]).toEqual([cell(g.percent), "39"]);
		}
		const school = find(records, "supplementary", "school", "percent");
		expect([school.value, school.benchmark]).toEqual(["15", "7"]);
		const fsm = find(records, "supplementary", "fsm", "percent");
		expect([fsm.value, fsm.benchmark]).toEqual(["10", ""]);
		expect(find(records, "supplementary", "fsm", "benchmark_source").note).toBe(
			"context only, no national benchmark",
		);
		expect(
			find(records, "supplementary", "parents_degree", "percent").value,
		).toBe("[c]");
		expect(
			find(records, "supplementary", "parents_degree", "answers").value,
		).toBe("");
		expect(
			records.filter((r) => r.section === "takeaway").map((r) => r.value),
		).toEqual(report.takeaways);
		expect(
			records.filter((r) => r.section === "footnote").map((r) => r.value),
		).toEqual([
			...report.byGroup.footnotes,
			...report.byGrade.footnotes,
			...report.notes,
		]);
	});

	it("round-trips names holding commas, quotes and line breaks", () => {
		const base = sampleReport();
		const first = base.byGroup.rows[0];
		if (!first) throw new Error("sample has no rows");
		const name = 'R&D, "Labs"\r\nEast';
		const second = base.byGroup.rows[1];
		if (!second) throw new Error("sample has one row");
		const plain = "Labs\nEast";
		const odd = sampleReport({
			campaignName: 'Census "2026", final\nround',
			byGroup: {
				...base.byGroup,
				rows: [
					{ ...first, name, members: [name] },
					{ ...second, name: plain, members: [plain] },
					...base.byGroup.rows.slice(2),
				],
			},
		});
		const text = reportToCsv(odd);
		expect(text).toContain('"Census ""2026"", final\nround"');
		const back = read(text);
		expect(find(back, "organisation", "report", "campaign_name").value).toBe(
			odd.campaignName,
		);
		expect(find(back, "group", name, "professional").value).toBe("55");
		expect(text).toContain('\r\ngroup,"Labs\nEast",status,shown,,\r\n');
		expect(find(back, "group", plain, "professional").value).toBe("30");
		expect(back.every((r) => Object.keys(r).length === 6)).toBe(true);
		expect(csvNumbers(back)).toEqual(reportNumbers(odd));
	});

	it("defuses names a spreadsheet would run as formulas (CSV injection)", () => {
		const base = sampleReport();
		const first = base.byGroup.rows[0];
		if (!first) throw new Error("sample has no rows");
		const name = '=HYPERLINK("http://evil.example","x")';
		const text = reportToCsv(
			sampleReport({
				byGroup: {
					...base.byGroup,
					rows: [
						{ ...first, name, members: [name] },
						...base.byGroup.rows.slice(1),
					],
				},
			}),
		);
		const back = read(text);
		expect(find(back, "group", `'${name}`, "professional").value).toBe("55");
		expect(
			back.some((r) => Object.values(r).some((v) => v.startsWith("="))),
		).toBe(false);
	});
});
