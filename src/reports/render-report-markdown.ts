import type {
	BreakdownRow,
	BreakdownTable,
	CampaignReport,
	SupplementaryMeasure,
} from "../domain/reporting/campaign-report.js";
import { escapeCommonMark } from "../text/escape-commonmark.js";
import { english, type Translator } from "../text/translator.js";
import { columnInWords, groupInWords, measureInWords } from "./report-words.js";

/**
 * Names and the sentences that quote them (departments, grades, the campaign; notes, takeaways) are someone
 * else's text: inert Markdown on one line, no `|` that would end a table cell, no link, HTML or heading.
 */
const esc = (s: string) => escapeCommonMark(s.trim());

/** Keeps our own text (catalogue labels, benchmark sources) on one line so it cannot start a heading or list. */
const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, " ").trim();

/** The mark of a value not shown, the same in every language (the ONS convention). */
const hidden = "[c]";

const percent = (p: number | null) => (p === null ? hidden : `${p}%`);

const about = (answers: number | null, t: Translator) =>
	answers === null ? "" : t.t("report.cell.about", { n: answers });

function shareCells(
	row: BreakdownRow,
	keys: string[],
	minCellSize: number,
	t: Translator,
): string[] {
	const blanks = keys.map(() => "");
	const message =
		row.status === "too-few"
			? t.t("report.cell.tooFew", { k: minCellSize })
			: row.status === "hidden"
				? t.t("report.cell.hidden")
				: null;
	if (message !== null) return [message, ...blanks.slice(1)];
	return keys.map((key) => {
		if (!(key in row.shares)) return "";
		return percent(row.shares[key] ?? null);
	});
}

function breakdown(
	table: BreakdownTable,
	minCellSize: number,
	t: Translator,
): string[] {
	const used = table.columns.filter((c) =>
		table.rows.some((r) => c.key in r.shares),
	);
	const headers =
		used.length > 0
			? used.map((c) => columnInWords(c, t))
			: [t.t("report.header.share")];
	const keys = used.length > 0 ? used.map((c) => c.key) : [""];
	const byGrade = table.dimension === "grade";
	const first = t.t(byGrade ? "report.header.grade" : "report.header.group");
	const title = t.t(byGrade ? "report.table.grade" : "report.table.group");
	const lines = [
		`## ${oneLine(title)}`,
		"",
		`| ${[first, ...headers, t.t("report.header.answers")].map(oneLine).join(" | ")} |`,
		`|---|${headers.map(() => "---:|").join("")}---:|`,
	];
	for (const row of table.rows) {
		const cells = [
			esc(row.name),
			...shareCells(row, keys, minCellSize, t),
			about(row.answers, t),
		];
		lines.push(`| ${cells.join(" | ")} |`);
	}
	lines.push("");
	return lines;
}

function measure(
	m: SupplementaryMeasure,
	minCellSize: number,
	t: Translator,
): string[] {
	const bold = `**${m.percent}%**`;
	const value =
		m.percent === null
			? m.answers === null
				? t.t("report.measure.tooFew", { c: hidden, k: minCellSize })
				: hidden
			: m.answers === null
				? bold
				: t.t("report.measure.value", { percent: bold, n: m.answers });
	const comparison =
		m.benchmarkPercent === null
			? t.t("report.measure.noBenchmark")
			: m.benchmarkSource
				? t.t("report.measure.benchmarkFrom", {
						percent: m.benchmarkPercent,
						source: oneLine(m.benchmarkSource),
					})
				: t.t("report.measure.benchmark", { percent: m.benchmarkPercent });
	const lines = [
		`- ${oneLine(measureInWords(m, t))}: ${value}; ${comparison}.`,
	];
	if (m.detail) lines.push(`  ${oneLine(m.detail)}`);
	return lines;
}

/**
 * The report as a Markdown document for leaders, with the same numbers as the Slack post, in `t`'s language (the
 * campaign's). The sentences the report stored at close (key points, notes, the progression sentence, benchmark
 * sources) are shown as stored.
 */
export function renderReportMarkdown(
	report: CampaignReport,
	t: Translator = english,
): string {
	const k = report.minCellSize;
	const classifiable =
		report.classifiableRatePercent === null
			? t.t("report.classifiableHidden", { c: hidden, k })
			: report.classified === null
				? t.t("report.classifiable", {
						rate: `**${report.classifiableRatePercent}%**`,
					})
				: t.t("report.classifiableAbout", {
						rate: `**${report.classifiableRatePercent}%**`,
						n: report.classified,
					});
	const closed = t.t("report.closed", {
		day: t.day(report.closedOn),
		rate: `**${report.responseRatePercent}%**`,
		responded: report.responded,
		invited: report.invited,
		target: report.targetRatePercent,
	});
	const lines = [
		`# ${t.t("report.title", { campaign: esc(report.campaignName) })}`,
		"",
		`${closed} ${classifiable}`,
		"",
	];
	if (report.takeaways.length > 0) {
		lines.push(`## ${t.t("report.keyPoints")}`, "");
		report.takeaways.forEach((t, i) => {
			lines.push(`${i + 1}. ${esc(t)}`);
		});
		lines.push("");
	}
	if (report.published) {
		lines.push(
			`## ${t.t("report.across")}`,
			"",
			`| ${t.t("report.background")} | ${t.t("report.thisOrganisation")} | ${t.t("report.ukWorkforce")} |`,
			"|---|---:|---:|",
		);
		for (const g of report.groups) {
			lines.push(
				`| ${oneLine(groupInWords(g, t))} | ${percent(g.percent)} | ${g.benchmarkPercent}% |`,
			);
		}
		lines.push("");
		lines.push(
			...breakdown(report.byGroup, k, t),
			...breakdown(report.byGrade, k, t),
		);
		lines.push(
			`## ${t.t("report.progression")}`,
			"",
			esc(report.progression.sentence),
			"",
		);
	} else {
		lines.push(`**${t.t("report.tooFew")}** ${t.t("report.tooFewWhy")}`, "");
	}
	if (report.supplementary.length > 0) {
		lines.push(`## ${t.t("report.otherMeasures")}`, "");
		for (const m of report.supplementary) lines.push(...measure(m, k, t));
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
		lines.push(`## ${t.t("report.notes")}`, "");
		for (const n of notes) lines.push(`- ${n}`);
		lines.push("");
	}
	lines.push(
		t.t("report.benchmark", {
			source: oneLine(report.benchmark.source),
			version: report.benchmark.version,
			k,
			c: hidden,
		}),
		"",
		`![${t.t("report.chart")}](chart.png)`,
		"",
	);
	return lines.join("\n");
}
