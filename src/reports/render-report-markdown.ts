import type {
	BreakdownRow,
	BreakdownTable,
	CampaignReport,
	SupplementaryMeasure,
} from "../domain/reporting/campaign-report.js";
import { escapeCommonMark } from "../text/escape-commonmark.js";

/**
 * Names and the sentences that quote them (departments, grades, the campaign; notes, takeaways) are someone
 * else's text: inert Markdown on one line, no `|` that would end a table cell, no link, HTML or heading.
 */
const esc = (s: string) => escapeCommonMark(s.trim());

/** Keeps our own text (catalogue labels, benchmark sources) on one line so it cannot start a heading or list. */
const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, " ").trim();

const percent = (p: number | null) => (p === null ? "[c]" : `${p}%`);

const about = (answers: number | null) =>
	answers === null ? "" : `about ${answers}`;

function shareCells(
	row: BreakdownRow,
	keys: string[],
	minCellSize: number,
): string[] {
	const blanks = keys.map(() => "");
	const message =
		row.status === "too-few"
			? `fewer than ${minCellSize} answers`
			: row.status === "hidden"
				? "not shown"
				: null;
	if (message !== null) return [message, ...blanks.slice(1)];
	return keys.map((key) => {
		if (!(key in row.shares)) return "";
		return percent(row.shares[key] ?? null);
	});
}

function breakdown(table: BreakdownTable, minCellSize: number): string[] {
	const used = table.columns.filter((c) =>
		table.rows.some((r) => c.key in r.shares),
	);
	const headers = used.length > 0 ? used.map((c) => c.label) : ["Share"];
	const keys = used.length > 0 ? used.map((c) => c.key) : [""];
	const first = table.dimension === "grade" ? "Grade" : "Department";
	const lines = [
		`## ${oneLine(table.title)}`,
		"",
		`| ${[first, ...headers, "Answers"].map(oneLine).join(" | ")} |`,
		`|---|${headers.map(() => "---:|").join("")}---:|`,
	];
	for (const row of table.rows) {
		const cells = [
			esc(row.name),
			...shareCells(row, keys, minCellSize),
			about(row.answers),
		];
		lines.push(`| ${cells.join(" | ")} |`);
	}
	lines.push("");
	return lines;
}

function measure(m: SupplementaryMeasure, minCellSize: number): string[] {
	const value =
		m.percent === null
			? m.answers === null
				? `[c] (fewer than ${minCellSize} answers)`
				: "[c]"
			: `**${m.percent}%**${m.answers === null ? "" : ` of about ${m.answers} answers`}`;
	const comparison =
		m.benchmarkPercent === null
			? "context only, no national benchmark"
			: `benchmark ${m.benchmarkPercent}%${m.benchmarkSource ? `, ${oneLine(m.benchmarkSource)}` : ""}`;
	const lines = [`- ${oneLine(m.label)}: ${value}; ${comparison}.`];
	if (m.detail) lines.push(`  ${oneLine(m.detail)}`);
	return lines;
}

/** The report as a Markdown document for leaders, with the same numbers as the Slack post. */
export function renderReportMarkdown(report: CampaignReport): string {
	const k = report.minCellSize;
	const classifiable =
		report.classifiableRatePercent === null
			? `Classifiable answers: [c] (fewer than ${k}).`
			: `Classifiable: **${report.classifiableRatePercent}%** of responses${report.classified === null ? "" : ` (about ${report.classified} answers)`}.`;
	const lines = [
		`# ${esc(report.campaignName)}: results`,
		"",
		`Closed ${report.closedOn}. Response rate **${report.responseRatePercent}%** (${report.responded} of ${report.invited} invited; target ${report.targetRatePercent}%). ${classifiable}`,
		"",
	];
	if (report.takeaways.length > 0) {
		lines.push("## Key points", "");
		report.takeaways.forEach((t, i) => {
			lines.push(`${i + 1}. ${esc(t)}`);
		});
		lines.push("");
	}
	if (report.published) {
		lines.push(
			"## Across the organisation",
			"",
			"| Background | This organisation | UK workforce |",
			"|---|---:|---:|",
		);
		for (const g of report.groups) {
			lines.push(
				`| ${oneLine(g.label)} | ${percent(g.percent)} | ${g.benchmarkPercent}% |`,
			);
		}
		lines.push("");
		lines.push(
			...breakdown(report.byGroup, k),
			...breakdown(report.byGrade, k),
		);
		lines.push(
			"## Progression by grade",
			"",
			esc(report.progression.sentence),
			"",
		);
	} else {
		lines.push(
			"**Too few answers to publish a breakdown.** No figures by background are shown, so that no one's answer can be worked out.",
			"",
		);
	}
	if (report.supplementary.length > 0) {
		lines.push("## Other measures", "");
		for (const m of report.supplementary) lines.push(...measure(m, k));
		lines.push("");
	}
	const notes = [
		...new Set(
			[
				...(report.published
					? [...report.byGroup.footnotes, ...report.byGrade.footnotes]
					: []),
				...report.notes,
			].map(esc),
		),
	];
	if (notes.length > 0) {
		lines.push("## Notes", "");
		for (const n of notes) lines.push(`- ${n}`);
		lines.push("");
	}
	lines.push(
		`Benchmark: ${oneLine(report.benchmark.source)}; version ${report.benchmark.version}. Groups with fewer than ${k} answers are never shown; [c] marks a value not shown.`,
		"",
		"![Chart](chart.png)",
		"",
	);
	return lines.join("\n");
}
