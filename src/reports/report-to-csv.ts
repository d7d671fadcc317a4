import type {
	BreakdownTable,
	CampaignReport,
} from "../domain/reporting/campaign-report.js";
import { csvField } from "../text/csv-field.js";

/** One line of the long CSV: which figure (section, row, column), its value, a benchmark and a note. */
type Line = [
	section: string,
	row: string,
	column: string,
	value: string,
	benchmark: string,
	note: string,
];

const header: Line = ["section", "row", "column", "value", "benchmark", "note"];

/** RFC 4180, and no field a spreadsheet would run as a formula (no number in the report is negative). */
const field = csvField;

const num = (n: number | null) => (n === null ? "" : String(n));
const share = (n: number | null) => (n === null ? "[c]" : String(n));

function breakdownLines(table: BreakdownTable, k: number): Line[] {
	const section = table.dimension;
	const labels = new Map(table.columns.map((c) => [c.key, c.label]));
	const why: Record<string, string> = {
		shown: "",
		collapsed: "professional and intermediate shown together",
		"too-few": `fewer than ${k} answers`,
		hidden: "not shown, so that no one's answer can be worked out",
	};
	const lines: Line[] = [];
	for (const row of table.rows) {
		const at = (column: string, value: string, note = ""): Line => [
			section,
			row.name,
			column,
			value,
			"",
			note,
		];
		lines.push(at("status", row.status, why[row.status]));
		if (row.members.length > 1 || row.members[0] !== row.name)
			for (const m of row.members) lines.push(at("member", m));
		lines.push(
			at(
				"answers",
				num(row.answers),
				row.answers === null ? `fewer than ${k} answers` : "rounded to 5",
			),
		);
		if (row.step !== null)
			lines.push(at("step", String(row.step), "rounding of shares, points"));
		// Shares in the table's column order, so every file lists them alike.
		const keys = [
			...table.columns.map((c) => c.key).filter((key) => key in row.shares),
			...Object.keys(row.shares).filter((key) => !labels.has(key)),
		];
		for (const key of keys)
			lines.push(at(key, share(row.shares[key] ?? null), labels.get(key)));
	}
	return lines;
}

function organisationLines(report: CampaignReport): Line[] {
	const org = (row: string, column: string, value: string, note = ""): Line => [
		"organisation",
		row,
		column,
		value,
		"",
		note,
	];
	return [
		org("report", "campaign_name", report.campaignName),
		org("report", "campaign_id", report.campaignId),
		org("report", "closed_on", report.closedOn),
		org("report", "format", report.format),
		org("report", "published", String(report.published)),
		org(
			"report",
			"min_cell_size",
			String(report.minCellSize),
			"smallest group shown",
		),
		org(
			"report",
			"groups_step",
			num(report.groupsStep),
			"rounding of organisation shares, points",
		),
		org("benchmark", "version", report.benchmark.version),
		org("benchmark", "source", report.benchmark.source),
		...report.groups.map(
			(g): Line => [
				"organisation",
				g.group,
				"percent",
				share(g.percent),
				String(g.benchmarkPercent),
				g.label,
			],
		),
	];
}

function participationLines(report: CampaignReport): Line[] {
	const part = (column: string, value: string, note = ""): Line => [
		"participation",
		"organisation",
		column,
		value,
		"",
		note,
	];
	return [
		part("invited", String(report.invited)),
		part("responded", String(report.responded)),
		part("response_rate_percent", String(report.responseRatePercent)),
		part("target_rate_percent", String(report.targetRatePercent)),
		part(
			"classified",
			num(report.classified),
			report.classified === null
				? `fewer than ${report.minCellSize} answers`
				: "rounded to 5",
		),
		part(
			"classifiable_rate_percent",
			share(report.classifiableRatePercent),
			"classified answers as a share of responses",
		),
	];
}

function progressionLines(report: CampaignReport): Line[] {
	const p = report.progression;
	const benchmark = report.groups.find((g) => g.group === "working_class");
	const lines: Line[] = [
		["progression", "pattern", "verdict", p.verdict, "", p.sentence],
	];
	if (p.cliffAt)
		lines.push(
			["progression", "pattern", "cliff_from", p.cliffAt.from, "", ""],
			["progression", "pattern", "cliff_to", p.cliffAt.to, "", ""],
		);
	for (const g of p.workingClassByGrade)
		lines.push([
			"progression",
			g.grade,
			"working_class",
			share(g.percent),
			num(benchmark?.benchmarkPercent ?? null),
			"",
		]);
	return lines;
}

function supplementaryLines(report: CampaignReport): Line[] {
	const k = report.minCellSize;
	const lines: Line[] = [];
	for (const m of report.supplementary) {
		const at = (column: string, value: string, bench = "", note = ""): Line => [
			"supplementary",
			m.question,
			column,
			value,
			bench,
			note,
		];
		lines.push(
			at("percent", share(m.percent), num(m.benchmarkPercent), m.label),
			at(
				"answers",
				num(m.answers),
				"",
				m.answers === null ? `fewer than ${k} answers` : "rounded to 5",
			),
			at(
				"benchmark_source",
				m.benchmarkSource ?? "",
				"",
				m.benchmarkPercent === null
					? "context only, no national benchmark"
					: "",
			),
		);
		if (m.detail !== null) lines.push(at("detail", m.detail));
	}
	return lines;
}

function takeawayAndFootnoteLines(report: CampaignReport): Line[] {
	const lines: Line[] = report.takeaways.map(
		(t, i): Line => ["takeaway", "report", String(i + 1), t, "", ""],
	);
	const notes: [string, string[]][] = [
		["group", report.byGroup.footnotes],
		["grade", report.byGrade.footnotes],
		["report", report.notes],
	];
	for (const [row, list] of notes)
		list.forEach((n, i) => {
			lines.push(["footnote", row, String(i + 1), n, "", ""]);
		});
	return lines;
}

/**
 * The report as a long ("tidy") CSV, one line per published figure: `section,row,column,value,benchmark,note`.
 * "[c]" is a suppressed share; an empty value means nothing applies. Every number is one from the JSON report.
 */
export function reportToCsv(report: CampaignReport): string {
	const lines: Line[] = [
		header,
		...organisationLines(report),
		...participationLines(report),
		...breakdownLines(report.byGroup, report.minCellSize),
		...breakdownLines(report.byGrade, report.minCellSize),
		...progressionLines(report),
		...supplementaryLines(report),
		...takeawayAndFootnoteLines(report),
	];
	return lines.map((l) => `${l.map(field).join(",")}\r\n`).join("");
}
