import type { ActionsBlock, KnownBlock } from "@slack/types";
import {
	type BreakdownRow,
	type BreakdownTable,
	type CampaignReport,
	collapsedColumn,
} from "../../domain/reporting/campaign-report.js";
import {
	columnAbbreviation,
	columnInWords,
	groupInWords,
	measureInWords,
	tableTitleInWords,
} from "../../reports/report-words.js";
import { english, type Translator } from "../../text/translator.js";
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

const percent = (p: number | null | undefined) =>
	p === null || p === undefined ? "[c]" : `${p}%`;
const about = (answers: number | null, t: Translator) =>
	answers === null ? "" : ` ${t.t("report.post.aboutAnswers", { n: answers })}`;
const line = (value: string) => esc(truncate(value, lineLength));

/** The response line: rate, responded of invited, target and, when published, the classifiable rate. */
function responseLine(report: CampaignReport, t: Translator): string {
	const response = `*${t.t("report.post.responseLabel")}* ${t.t(
		"report.post.response",
		{
			rate: `${report.responseRatePercent}%`,
			responded: report.responded,
			invited: report.invited,
			target: report.targetRatePercent,
		},
	)}`;
	if (!report.published || report.classifiableRatePercent === null)
		return response;
	const rate = `${report.classifiableRatePercent}%`;
	const classifiable =
		report.classified === null
			? t.t("report.post.classifiable", { rate })
			: t.t("report.post.classifiableAbout", { rate, n: report.classified });
	return `${response} *${t.t("report.post.classifiableLabel")}* ${classifiable}`;
}

/** One breakdown row as a short line, e.g. "*Engineering* — P 55% · I 20% · WC 25% (about 95 answers)". */
function rowLine(
	table: BreakdownTable,
	row: BreakdownRow,
	k: number,
	t: Translator,
): string {
	const rowName = `*${esc(truncate(row.name, nameLength))}* \u2014`;
	const label = (key: string) => {
		const c = table.columns.find((c) => c.key === key);
		return c ? columnInWords(c, t) : key;
	};
	switch (row.status) {
		case "too-few":
			return `${rowName} ${t.t("report.cell.tooFew", { k })}`;
		case "hidden":
			return `${rowName} ${t.t("report.post.hidden")}`;
		case "collapsed": {
			const cells = [collapsedColumn, "working_class"].map(
				(key) => `${esc(label(key))} ${percent(row.shares[key])}`,
			);
			return `${rowName} ${cells.join(" \u00b7 ")}${about(row.answers, t)}`;
		}
		case "shown": {
			const cells = table.columns
				.filter((c) => c.key !== collapsedColumn)
				.map(
					(c) =>
						`${columnAbbreviation(c.key, t) ?? esc(columnInWords(c, t))} ${percent(row.shares[c.key])}`,
				);
			return `${rowName} ${cells.join(" \u00b7 ")}${about(row.answers, t)}`;
		}
	}
}

/** The table's title with a legend for the abbreviated columns. */
function titleLine(table: BreakdownTable, t: Translator): string {
	const legend = table.columns.flatMap((c) => {
		const short = columnAbbreviation(c.key, t);
		return short === null
			? []
			: [`${short} ${esc(columnInWords(c, t).toLowerCase())}`];
	});
	return `*${esc(truncate(tableTitleInWords(table, t), nameLength))}* (${legend.join(", ")})`;
}

/** Footnotes name columns by key (`working_class`); a reader should see the column's label instead. */
function readableFootnote(
	table: BreakdownTable,
	note: string,
	t: Translator,
): string {
	let readable = note;
	const keyed = table.columns
		.filter((c) => c.key.includes("_"))
		.sort((a, b) => b.key.length - a.key.length);
	for (const c of keyed)
		readable = readable.replaceAll(c.key, columnInWords(c, t).toLowerCase());
	return line(readable);
}

/** Context blocks holding `notes`, one line each, in at most `maxBlocks` blocks. */
function noteBlocks(
	notes: string[],
	maxBlocks: number,
	t: Translator,
): KnownBlock[] {
	if (notes.length === 0 || maxBlocks < 1) return [];
	return chunkedLines(notes, {
		maxChunks: maxBlocks,
		more: (left) => t.t("report.post.moreNotes", { n: left }),
	}).map(context);
}

/** The table's title line, then one line per row ("No rows." when it has none). */
function tableLines(
	report: CampaignReport,
	table: BreakdownTable,
	t: Translator,
): string[] {
	const rows = table.rows.map((r) => rowLine(table, r, report.minCellSize, t));
	return [
		titleLine(table, t),
		...(rows.length > 0 ? rows : [t.t("report.post.noRows")]),
	];
}

/** A breakdown table: row sections within `rowSections`, then its footnotes in one context block. */
function tableBlocks(
	report: CampaignReport,
	table: BreakdownTable,
	rowSections: number,
	t: Translator,
): KnownBlock[] {
	const sections = chunkedLines(tableLines(report, table, t), {
		maxChunks: rowSections,
		more: (left) => t.t("report.post.moreRows", { n: left }),
	}).map(section);
	const footnotes = table.footnotes.map((f) => readableFootnote(table, f, t));
	return [...sections, ...noteBlocks(footnotes, 1, t)];
}

/** How many sections a table's rows need to be shown in full. */
function sectionsNeeded(
	report: CampaignReport,
	table: BreakdownTable,
	t: Translator,
) {
	const lines = tableLines(report, table, t);
	return chunkedLines(lines, { maxChunks: lines.length, more: () => "" })
		.length;
}

/**
 * The headline: the response line, then takeaways, organisation shares against the benchmark and the progression
 * sentence; or, when the report is not published, only the reason.
 */
export function reportHeadline(
	report: CampaignReport,
	t: Translator = english,
): KnownBlock[] {
	const blocks: KnownBlock[] = [section(responseLine(report, t))];
	if (!report.published) {
		const reason =
			report.notes.length > 0
				? report.notes.map(line).join("\n")
				: t.t("report.post.unpublished", { k: report.minCellSize });
		return [...blocks, section(reason)];
	}
	if (report.takeaways.length > 0)
		blocks.push(
			section(
				[
					`*${t.t("report.keyPoints")}*`,
					...report.takeaways.map((k) => `\u2022 ${line(k)}`),
				].join("\n"),
			),
		);
	if (report.groups.length > 0)
		blocks.push(
			section(
				[
					`*${t.t("report.post.backgrounds")}*`,
					...report.groups.map((g) =>
						t.t("report.post.groupShare", {
							group: esc(truncate(groupInWords(g, t), nameLength)),
							percent: `*${percent(g.percent)}*`,
							benchmark: g.benchmarkPercent,
						}),
					),
				].join("\n"),
			),
		);
	if (report.progression.sentence)
		blocks.push(
			section(
				`*${t.t("report.post.progressionLabel")}* ${line(report.progression.sentence)}`,
			),
		);
	return blocks;
}

/** Supplementary measures, each with its benchmark or "context only". */
function supplementaryBlocks(
	report: CampaignReport,
	t: Translator,
): KnownBlock[] {
	if (report.supplementary.length === 0) return [];
	const lines = report.supplementary.map((m) => {
		const value =
			m.answers === null
				? t.t("report.cell.tooFew", { k: report.minCellSize })
				: t.t("report.measure.value", {
						percent: `*${percent(m.percent)}*`,
						n: m.answers,
					});
		const benchmark =
			m.benchmarkPercent === null
				? t.t("report.post.contextOnly")
				: m.benchmarkSource
					? t.t("report.measure.benchmarkFrom", {
							percent: m.benchmarkPercent,
							source: line(m.benchmarkSource),
						})
					: t.t("report.measure.benchmark", { percent: m.benchmarkPercent });
		const detail = m.detail ? `\n    ${line(m.detail)}` : "";
		return `\u2022 ${t.t("report.post.measure", {
			measure: esc(truncate(measureInWords(m, t), nameLength)),
			value,
			benchmark,
		})}${detail}`;
	});
	return [section([`*${t.t("report.otherMeasures")}*`, ...lines].join("\n"))];
}

/**
 * The report's blocks within `maxBlocks`. Notes take at most three blocks and each table's footnotes one; the rows
 * get the rest, and when they do not fit, the department list is cut before the (short) grade list.
 */
function renderReport(
	report: CampaignReport,
	maxBlocks: number,
	t: Translator,
): KnownBlock[] {
	const header: KnownBlock = {
		type: "header",
		// plain text: a header block is plain_text.
		text: {
			type: "plain_text",
			// plain text: as above.
			text: truncate(
				t.t("report.title", { campaign: report.campaignName }),
				limits.headerText,
			),
		},
	};
	if (!report.published) return [header, ...reportHeadline(report, t)];
	const benchmark = context(
		t.t("report.post.benchmark", {
			source: line(report.benchmark.source),
			k: report.minCellSize,
		}),
	);
	const head: KnownBlock[] = [
		header,
		...reportHeadline(report, t),
		{ type: "divider" },
	];
	const tail = supplementaryBlocks(report, t);
	const tables = [report.byGroup, report.byGrade];
	const footnoteBlocks = tables.filter((t) => t.footnotes.length > 0).length;
	const fixed = head.length + tail.length + footnoteBlocks + 1;
	const notes = noteBlocks(
		report.notes.map(line),
		Math.min(3, maxBlocks - fixed - tables.length),
		t,
	);
	const budget = maxBlocks - fixed - notes.length;
	const [groupNeed = 1, gradeNeed = 1] = tables.map((table) =>
		sectionsNeeded(report, table, t),
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
		...tableBlocks(report, report.byGroup, groupSections, t),
		...tableBlocks(report, report.byGrade, gradeSections, t),
		...tail,
		...notes,
		benchmark,
	];
}

/** The leadership-channel post in `t`'s language (the campaign's): headline, breakdowns, other measures, notes. */
export function reportBlocks(
	report: CampaignReport,
	t: Translator = english,
): KnownBlock[] {
	return renderReport(report, messageBlocks, t);
}

/** The primary "Post to {channel}" button, with a confirm dialog in `t`'s language; its value is the campaign id. */
export function publishActions(
	report: CampaignReport,
	opts: { channel: string; publishedOn: string | null },
	t: Translator = english,
): ActionsBlock {
	const again = opts.publishedOn !== null;
	const name = truncate(report.campaignName, 80);
	// plain text: a confirm dialog and a button are plain_text.
	const text = again
		? t.t("report.publish.confirmAgain", {
				name,
				channel: opts.channel,
				day: opts.publishedOn === null ? "" : t.day(opts.publishedOn),
			})
		: t.t("report.publish.confirm", { name, channel: opts.channel });
	return {
		type: "actions",
		block_id: "census_publish_actions",
		elements: [
			{
				type: "button",
				action_id: ids.publish,
				style: "primary",
				value: report.campaignId,
				// plain text: a button is plain_text.
				text: {
					type: "plain_text",
					// plain text: as above.
					text: truncate(
						t.t(
							again ? "report.publish.buttonAgain" : "report.publish.button",
							{ channel: opts.channel },
						),
						limits.buttonText,
					),
				},
				confirm: {
					title: { type: "plain_text", text: t.t("report.publish.title") },
					text: { type: "plain_text", text: truncate(text, 300) },
					confirm: {
						type: "plain_text",
						text: t.t(
							again ? "report.publish.postAgain" : "report.publish.post",
						),
					},
					deny: { type: "plain_text", text: t.t("report.publish.cancel") },
				},
			},
		],
	};
}

/** `/census results` for the D&I lead: whether it was posted, the report as it would be posted, and the button. */
export function reportPreviewBlocks(
	report: CampaignReport,
	opts: { channel: string; publishedOn: string | null },
	t: Translator = english,
): KnownBlock[] {
	const status =
		opts.publishedOn === null
			? t.t("report.preview.notPosted")
			: t.t("report.preview.posted", {
					channel: esc(opts.channel),
					day: t.day(opts.publishedOn),
				});
	return [
		context(status),
		...renderReport(report, messageBlocks - 2, t),
		publishActions(report, opts, t),
	];
}
