import type { ActionsBlock, KnownBlock } from "@slack/types";
import {
	type BreakdownRow,
	type BreakdownTable,
	type CampaignReport,
	collapsedColumn,
} from "../../domain/reporting/campaign-report.js";
import { plural } from "../../text/plural.js";
import {
	chunkedLines,
	context,
	escapeMrkdwn as esc,
	ids,
	limits,
	section,
	truncate,
} from "./blocks.js";

/** Most blocks in a message (Slack's Block Kit limits). */
const messageBlocks = 50;
/** Longest name of a department, grade or measure we print, so one row stays one line on a phone. */
const nameLength = 100;
/** Longest takeaway, sentence or note line, so the fixed sections never reach the section limit. */
const lineLength = 900;

/** Short column names for the breakdown rows; the title line says what they stand for. */
const abbreviations: Record<string, string> = {
	professional: "P",
	intermediate: "I",
	working_class: "WC",
};

const percent = (p: number | null | undefined) =>
	p === null || p === undefined ? "[c]" : `${p}%`;
const about = (answers: number | null) =>
	answers === null ? "" : ` (about ${answers} answers)`;
const line = (value: string) => esc(truncate(value, lineLength));

/** The response line: rate, responded of invited, target and, when published, the classifiable rate. */
function responseLine(report: CampaignReport): string {
	const response = `*Response rate:* ${report.responseRatePercent}% (${report.responded} of ${report.invited}; target ${report.targetRatePercent}%).`;
	if (!report.published || report.classifiableRatePercent === null)
		return response;
	return `${response} *Classifiable:* ${report.classifiableRatePercent}% of responses${about(report.classified)}.`;
}

/** One breakdown row as a short line, e.g. "*Engineering* — P 55% · I 20% · WC 25% (about 95 answers)". */
function rowLine(table: BreakdownTable, row: BreakdownRow, k: number): string {
	const rowName = `*${esc(truncate(row.name, nameLength))}* \u2014`;
	const label = (key: string) =>
		table.columns.find((c) => c.key === key)?.label ?? key;
	switch (row.status) {
		case "too-few":
			return `${rowName} fewer than ${k} answers`;
		case "hidden":
			return `${rowName} not shown so that no one's answer can be worked out`;
		case "collapsed": {
			const cells = [collapsedColumn, "working_class"].map(
				(key) => `${esc(label(key))} ${percent(row.shares[key])}`,
			);
			return `${rowName} ${cells.join(" \u00b7 ")}${about(row.answers)}`;
		}
		case "shown": {
			const cells = table.columns
				.filter((c) => c.key !== collapsedColumn)
				.map(
					(c) =>
						`${abbreviations[c.key] ?? esc(c.label)} ${percent(row.shares[c.key])}`,
				);
			return `${rowName} ${cells.join(" \u00b7 ")}${about(row.answers)}`;
		}
	}
}

/** The table's title with a legend for the abbreviated columns. */
function titleLine(table: BreakdownTable): string {
	const legend = table.columns
		.filter((c) => abbreviations[c.key])
		.map((c) => `${abbreviations[c.key]} ${esc(c.label.toLowerCase())}`);
	return `*${esc(truncate(table.title, nameLength))}* (${legend.join(", ")})`;
}

/** Footnotes name columns by key (`working_class`); a reader should see the column's label instead. */
function readableFootnote(table: BreakdownTable, note: string): string {
	let readable = note;
	const keyed = table.columns
		.filter((c) => c.key.includes("_"))
		.sort((a, b) => b.key.length - a.key.length);
	for (const c of keyed)
		readable = readable.replaceAll(c.key, c.label.toLowerCase());
	return line(readable);
}

/** Context blocks holding `notes`, one line each, in at most `maxBlocks` blocks. */
function noteBlocks(notes: string[], maxBlocks: number): KnownBlock[] {
	if (notes.length === 0 || maxBlocks < 1) return [];
	return chunkedLines(notes, {
		maxChunks: maxBlocks,
		more: (left) => `\u2026 and ${plural(left, "more note")}.`,
	}).map(context);
}

/** The table's title line, then one line per row ("No rows." when it has none). */
function tableLines(report: CampaignReport, table: BreakdownTable): string[] {
	const rows = table.rows.map((r) => rowLine(table, r, report.minCellSize));
	return [titleLine(table), ...(rows.length > 0 ? rows : ["No rows."])];
}

/** A breakdown table: row sections within `rowSections`, then its footnotes in one context block. */
function tableBlocks(
	report: CampaignReport,
	table: BreakdownTable,
	rowSections: number,
): KnownBlock[] {
	const sections = chunkedLines(tableLines(report, table), {
		maxChunks: rowSections,
		more: (left) => `\u2026 and ${plural(left, "more row")}.`,
	}).map(section);
	const footnotes = table.footnotes.map((f) => readableFootnote(table, f));
	return [...sections, ...noteBlocks(footnotes, 1)];
}

/** How many sections a table's rows need to be shown in full. */
function sectionsNeeded(report: CampaignReport, table: BreakdownTable) {
	const lines = tableLines(report, table);
	return chunkedLines(lines, { maxChunks: lines.length, more: () => "" })
		.length;
}

/**
 * The headline: the response line, then takeaways, organisation shares against the benchmark and the progression
 * sentence; or, when the report is not published, only the reason.
 */
export function reportHeadline(report: CampaignReport): KnownBlock[] {
	const blocks: KnownBlock[] = [section(responseLine(report))];
	if (!report.published) {
		const reason =
			report.notes.length > 0
				? report.notes.map(line).join("\n")
				: `Fewer than ${report.minCellSize} answers could be placed in a background group, so no breakdown is published.`;
		return [...blocks, section(reason)];
	}
	if (report.takeaways.length > 0)
		blocks.push(
			section(
				[
					"*Key points*",
					...report.takeaways.map((t) => `\u2022 ${line(t)}`),
				].join("\n"),
			),
		);
	if (report.groups.length > 0)
		blocks.push(
			section(
				[
					"*Backgrounds across the organisation*",
					...report.groups.map(
						(g) =>
							`${esc(truncate(g.label, nameLength))}: *${percent(g.percent)}* (UK workforce ${g.benchmarkPercent}%)`,
					),
				].join("\n"),
			),
		);
	if (report.progression.sentence)
		blocks.push(
			section(`*Progression by grade:* ${line(report.progression.sentence)}`),
		);
	return blocks;
}

/** Supplementary measures, each with its benchmark or "context only". */
function supplementaryBlocks(report: CampaignReport): KnownBlock[] {
	if (report.supplementary.length === 0) return [];
	const lines = report.supplementary.map((m) => {
		const value =
			m.answers === null
				? `fewer than ${report.minCellSize} answers`
				: `*${percent(m.percent)}* of about ${m.answers} answers`;
		const benchmark =
			m.benchmarkPercent === null
				? "context only"
				: `benchmark ${m.benchmarkPercent}%${m.benchmarkSource ? `, ${line(m.benchmarkSource)}` : ""}`;
		const detail = m.detail ? `\n    ${line(m.detail)}` : "";
		return `\u2022 ${esc(truncate(m.label, nameLength))}: ${value} \u2014 ${benchmark}${detail}`;
	});
	return [section(["*Other measures*", ...lines].join("\n"))];
}

/**
 * The report's blocks within `maxBlocks`. Notes take at most three blocks and each table's footnotes one; the rows
 * get the rest, and when they do not fit, the department list is cut before the (short) grade list.
 */
function renderReport(report: CampaignReport, maxBlocks: number): KnownBlock[] {
	const header: KnownBlock = {
		type: "header",
		text: {
			type: "plain_text",
			// plain text: a header block is plain_text.
			text: truncate(`${report.campaignName}: results`, limits.headerText),
		},
	};
	if (!report.published) return [header, ...reportHeadline(report)];
	const benchmark = context(
		`Benchmark: ${line(report.benchmark.source)}. Groups with fewer than ${report.minCellSize} answers are never shown.`,
	);
	const head: KnownBlock[] = [
		header,
		...reportHeadline(report),
		{ type: "divider" },
	];
	const tail = supplementaryBlocks(report);
	const tables = [report.byGroup, report.byGrade];
	const footnoteBlocks = tables.filter((t) => t.footnotes.length > 0).length;
	const fixed = head.length + tail.length + footnoteBlocks + 1;
	const notes = noteBlocks(
		report.notes.map(line),
		Math.min(3, maxBlocks - fixed - tables.length),
	);
	const budget = maxBlocks - fixed - notes.length;
	const [groupNeed = 1, gradeNeed = 1] = tables.map((t) =>
		sectionsNeeded(report, t),
	);
	// When both do not fit, the shorter table keeps what it needs up to half, and departments get the rest.
	const gradeSections =
		groupNeed + gradeNeed <= budget
			? gradeNeed
			: Math.max(
					1,
					Math.min(
						gradeNeed,
						Math.max(budget - groupNeed, Math.floor(budget / 2)),
					),
				);
	const groupSections = Math.max(1, budget - gradeSections);
	return [
		...head,
		...tableBlocks(report, report.byGroup, groupSections),
		...tableBlocks(report, report.byGrade, gradeSections),
		...tail,
		...notes,
		benchmark,
	];
}

/** The leadership-channel post: headline, breakdowns by department and grade, other measures, notes. */
export function reportBlocks(report: CampaignReport): KnownBlock[] {
	return renderReport(report, messageBlocks);
}

/** The primary "Post to {channel}" button, with a confirm dialog; its value is the campaign id. */
export function publishActions(
	report: CampaignReport,
	opts: { channel: string; publishedOn: string | null },
): ActionsBlock {
	const again = opts.publishedOn !== null;
	const name = truncate(report.campaignName, 80);
	// plain text: a confirm dialog and a button are plain_text.
	const text = again
		? `The results of ${name} were posted to ${opts.channel} on ${opts.publishedOn}. Post them again? Everyone in the channel will see them.`
		: // plain text: as above.
			`Post the results of ${name} to ${opts.channel}? Everyone in the channel will see them.`;
	return {
		type: "actions",
		block_id: "census_publish_actions",
		elements: [
			{
				type: "button",
				action_id: ids.publish,
				style: "primary",
				value: report.campaignId,
				text: {
					type: "plain_text",
					text: truncate(
						// plain text: as above.
						`${again ? "Post again" : "Post"} to ${opts.channel}`,
						limits.buttonText,
					),
				},
				confirm: {
					title: { type: "plain_text", text: "Post the results?" },
					text: { type: "plain_text", text: truncate(text, 300) },
					confirm: {
						type: "plain_text",
						text: again ? "Post again" : "Post",
					},
					deny: { type: "plain_text", text: "Cancel" },
				},
			},
		],
	};
}

/** `/census results` for the D&I lead: whether it was posted, the report as it would be posted, and the button. */
export function reportPreviewBlocks(
	report: CampaignReport,
	opts: { channel: string; publishedOn: string | null },
): KnownBlock[] {
	const status =
		opts.publishedOn === null
			? "Preview \u2014 only you can see this. Nothing has been posted yet."
			: `Posted to ${esc(opts.channel)} on ${esc(opts.publishedOn)}.`;
	return [
		context(status),
		...renderReport(report, messageBlocks - 2),
		publishActions(report, opts),
	];
}
