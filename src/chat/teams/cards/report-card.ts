import {
	type BreakdownRow,
	type BreakdownTable,
	type CampaignReport,
	collapsedColumn,
} from "../../../domain/reporting/campaign-report.js";
import { chartAltText } from "../../../reports/chart-alt-text.js";
import { plural } from "../../../text/plural.js";
import { english, type Translator } from "../../../text/translator.js";
import { teamsText } from "../../messages.js";
import {
	type AdaptiveCard,
	adaptiveCard,
	type CardElement,
	cut,
	escapeMarkdown as esc,
	execute,
	heading,
	textBlock,
	verbs,
} from "./adaptive-card.js";

/**
 * The largest chart we inline, as base64 characters. Teams counts a message's size without base64 images (100 KB
 * limit, 80 KB advised: learn.microsoft.com …/bots/how-to/format-your-bot-messages) and takes images up to 1 MB;
 * a larger chart is left out with a note rather than risk a 413 MessageSizeTooBig.
 */
export const maxChartBase64 = 1_000_000;
/** Rows per table, so the card stays far below the size limit however many departments there are. */
const maxRows = 60;

const percent = (p: number | null | undefined) =>
	p === null || p === undefined ? "[c]" : `${p}%`;
const about = (answers: number | null) =>
	answers === null ? "" : `about ${answers}`;

const cell = (text: string, opts: Record<string, unknown> = {}) => ({
	type: "TableCell",
	items: [textBlock(text, opts)],
});

/** A Table (Adaptive Cards 1.5) with a header row. */
function table(headers: string[], rows: string[][]): CardElement {
	return {
		type: "Table",
		firstRowAsHeader: true,
		showGridLines: true,
		columns: headers.map((_, i) => ({ width: i === 0 ? 3 : 2 })),
		rows: [
			{
				type: "TableRow",
				cells: headers.map((h) => cell(h, { weight: "Bolder" })),
			},
			...rows.map((r) => ({ type: "TableRow", cells: r.map((c) => cell(c)) })),
		],
	};
}

/** The cells of one breakdown row, in the table's columns (the collapsed column last). */
function rowCells(
	t: BreakdownTable,
	row: BreakdownRow,
	k: number,
	seb: { key: string }[],
): string[] {
	const name = esc(cut(row.name, 100));
	const blanks = (note: string) => [name, note, ...seb.slice(1).map(() => "")];
	switch (row.status) {
		case "too-few":
			return [...blanks(`fewer than ${k} answers`), ""];
		case "hidden":
			return [
				...blanks("not shown so that no one's answer can be worked out"),
				"",
			];
		case "collapsed": {
			const merged =
				t.columns.find((c) => c.key === collapsedColumn)?.label ??
				"Professional or intermediate";
			return [
				name,
				...seb.map((c, i) =>
					c.key === "working_class"
						? percent(row.shares[c.key])
						: i === 0
							? `${percent(row.shares[collapsedColumn])} (${merged.toLowerCase()})`
							: "",
				),
				about(row.answers),
			];
		}
		case "shown":
			return [
				name,
				...seb.map((c) => percent(row.shares[c.key])),
				about(row.answers),
			];
	}
}

/** A breakdown table by department or grade, with its footnotes; rows past `maxRows` are counted, not shown. */
function breakdown(report: CampaignReport, t: BreakdownTable): CardElement[] {
	const seb = t.columns.filter((c) => c.key !== collapsedColumn);
	const shown = t.rows.slice(0, maxRows);
	const rows = shown.map((r) => rowCells(t, r, report.minCellSize, seb));
	const more = t.rows.length - shown.length;
	return [
		textBlock(`**${esc(cut(t.title, 100))}**`, { spacing: "Large" }),
		rows.length > 0
			? table(
					[
						t.dimension === "grade" ? "Grade" : "Group",
						...seb.map((c) => c.label),
						"Answers",
					],
					rows,
				)
			: textBlock("No rows."),
		...(more > 0 ? [textBlock(`\u2026 and ${plural(more, "more row")}.`)] : []),
		...(t.footnotes.length > 0
			? [
					textBlock(t.footnotes.map((f) => esc(cut(f, 900))).join("\n\n"), {
						isSubtle: true,
						size: "Small",
					}),
				]
			: []),
	];
}

function responseLine(report: CampaignReport): string {
	const response = `**Response rate:** ${report.responseRatePercent}% (${report.responded} of ${report.invited}; target ${report.targetRatePercent}%).`;
	if (!report.published || report.classifiableRatePercent === null)
		return response;
	const answers =
		report.classified === null ? "" : ` (about ${report.classified} answers)`;
	return `${response} **Classifiable:** ${report.classifiableRatePercent}% of responses${answers}.`;
}

/** The report's body: the same disclosure-safe figures as Slack's report blocks, and the chart when given. */
export function reportBody(
	report: CampaignReport,
	chartPng?: Buffer,
	t: Translator = english,
): CardElement[] {
	const body: CardElement[] = [
		heading(`${esc(cut(report.campaignName, 140))}: results`),
		textBlock(responseLine(report)),
	];
	if (!report.published) {
		body.push(
			textBlock(
				report.notes.length > 0
					? report.notes.map((n) => esc(cut(n, 900))).join("\n\n")
					: `Fewer than ${report.minCellSize} answers could be placed in a background group, so no breakdown is published.`,
			),
		);
		return body;
	}
	if (report.takeaways.length > 0)
		body.push(
			textBlock(
				[
					"**Key points**",
					...report.takeaways.map((t) => `- ${esc(cut(t, 900))}`),
				].join("\n"),
			),
		);
	if (report.groups.length > 0)
		body.push(
			textBlock("**Backgrounds across the organisation**"),
			table(
				["Background", "Here", "UK workforce"],
				report.groups.map((g) => [
					esc(g.label),
					percent(g.percent),
					`${g.benchmarkPercent}%`,
				]),
			),
		);
	if (report.progression.sentence)
		body.push(
			textBlock(
				`**Progression by grade:** ${esc(cut(report.progression.sentence, 900))}`,
			),
		);
	if (chartPng) {
		const data = chartPng.toString("base64");
		body.push(
			data.length <= maxChartBase64
				? {
						type: "Image",
						url: `data:image/png;base64,${data}`,
						// plain text: alt text, fallback, card titles and button titles are not markdown.
						altText: chartAltText(report, t),
						size: "Stretch",
					}
				: textBlock(teamsText.noChart, { isSubtle: true }),
		);
	}
	body.push(
		...breakdown(report, report.byGroup),
		...breakdown(report, report.byGrade),
	);
	if (report.supplementary.length > 0)
		body.push(
			textBlock("**Other measures**", { spacing: "Large" }),
			table(
				["Measure", "Share", "Benchmark"],
				report.supplementary.map((m) => [
					esc(cut(m.label, 100)),
					m.answers === null
						? `fewer than ${report.minCellSize} answers`
						: `${percent(m.percent)} of about ${m.answers} answers${m.detail ? `; ${esc(cut(m.detail, 300))}` : ""}`,
					m.benchmarkPercent === null
						? "context only"
						: `${m.benchmarkPercent}%${m.benchmarkSource ? `, ${esc(cut(m.benchmarkSource, 300))}` : ""}`,
				]),
			),
		);
	if (report.notes.length > 0)
		body.push(
			textBlock(
				report.notes
					.slice(0, 20)
					.map((n) => esc(cut(n, 900)))
					.join("\n\n"),
				{
					isSubtle: true,
					size: "Small",
				},
			),
		);
	body.push(
		textBlock(
			`Benchmark: ${esc(cut(report.benchmark.source, 900))}. Groups with fewer than ${report.minCellSize} answers are never shown.`,
			{ isSubtle: true, size: "Small" },
		),
	);
	return body;
}

/** The leadership channel's report card. */
export function reportCard(
	report: CampaignReport,
	chartPng?: Buffer,
	t: Translator = english,
): AdaptiveCard {
	return adaptiveCard(
		reportBody(report, chartPng, t),
		[],
		// plain text: alt text, fallback, card titles and button titles are not markdown.
		`${report.campaignName}: results`,
	);
}

/**
 * The admin's preview: whether it was posted, the report as it would be posted, and "Post to {channel}", which
 * first shows what posting means and then posts (Action.Execute has no confirm dialog of its own).
 */
export function reportPreviewCard(
	report: CampaignReport,
	opts: { channel: string; publishedOn: string | null; chartPng?: Buffer },
): AdaptiveCard {
	const again = opts.publishedOn !== null;
	const name = cut(report.campaignName, 80);
	const status = again
		? `Posted to ${esc(opts.channel)} on ${opts.publishedOn}.`
		: "Preview \u2014 only you can see this. Nothing has been posted yet.";
	const confirm = again
		? `The results of ${esc(name)} were posted to ${esc(opts.channel)} on ${opts.publishedOn}. Post them again? Everyone in the channel will see them.`
		: `Post the results of ${esc(name)} to ${esc(opts.channel)}? Everyone in the channel will see them.`;
	return adaptiveCard(
		[
			textBlock(status, { isSubtle: true }),
			...reportBody(report, opts.chartPng),
		],
		[
			{
				type: "Action.ShowCard",
				// plain text: alt text, fallback, card titles and button titles are not markdown.
				title: cut(`${again ? "Post again" : "Post"} to ${opts.channel}`, 75),
				card: {
					type: "AdaptiveCard",
					body: [textBlock(confirm)],
					actions: [
						execute(
							again ? "Post again" : "Post",
							verbs.publish,
							{ campaignId: report.campaignId },
							"positive",
						),
					],
				},
			},
		],
		// plain text: alt text, fallback, card titles and button titles are not markdown.
		`${report.campaignName}: results preview`,
	);
}
