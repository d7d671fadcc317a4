import {
	type BreakdownRow,
	type BreakdownTable,
	type CampaignReport,
	collapsedColumn,
} from "../../../domain/reporting/campaign-report.js";
import { chartAltText } from "../../../reports/chart-alt-text.js";
import {
	columnInWords,
	groupInWords,
	measureInWords,
	tableTitleInWords,
} from "../../../reports/report-words.js";
import { english, type Translator } from "../../../text/translator.js";
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
const about = (answers: number | null, t: Translator) =>
	answers === null ? "" : t.t("report.cell.about", { n: answers });

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
	table: BreakdownTable,
	row: BreakdownRow,
	k: number,
	seb: { key: string }[],
	t: Translator,
): string[] {
	const name = esc(cut(row.name, 100));
	const blanks = (note: string) => [name, note, ...seb.slice(1).map(() => "")];
	switch (row.status) {
		case "too-few":
			return [...blanks(t.t("report.cell.tooFew", { k })), ""];
		case "hidden":
			return [...blanks(t.t("report.post.hidden")), ""];
		case "collapsed": {
			const column = table.columns.find((c) => c.key === collapsedColumn);
			const merged = column
				? columnInWords(column, t)
				: t.t("report.column.professionalOrIntermediate");
			return [
				name,
				...seb.map((c, i) =>
					c.key === "working_class"
						? percent(row.shares[c.key])
						: i === 0
							? `${percent(row.shares[collapsedColumn])} (${merged.toLowerCase()})`
							: "",
				),
				about(row.answers, t),
			];
		}
		case "shown":
			return [
				name,
				...seb.map((c) => percent(row.shares[c.key])),
				about(row.answers, t),
			];
	}
}

/** A breakdown table by department or grade, with its footnotes; rows past `maxRows` are counted, not shown. */
function breakdown(
	report: CampaignReport,
	b: BreakdownTable,
	t: Translator,
): CardElement[] {
	const seb = b.columns.filter((c) => c.key !== collapsedColumn);
	const shown = b.rows.slice(0, maxRows);
	const rows = shown.map((r) => rowCells(b, r, report.minCellSize, seb, t));
	const more = b.rows.length - shown.length;
	return [
		textBlock(`**${tableTitleInWords(b, t, (s) => esc(cut(s, 100)))}**`, {
			spacing: "Large",
		}),
		rows.length > 0
			? table(
					[
						b.dimension === "grade"
							? t.t("report.header.grade")
							: t.t("report.card.group"),
						...seb.map((c) => columnInWords(c, t)),
						t.t("report.header.answers"),
					],
					rows,
				)
			: textBlock(t.t("report.post.noRows")),
		...(more > 0 ? [textBlock(t.t("report.post.moreRows", { n: more }))] : []),
		...(b.footnotes.length > 0
			? [
					textBlock(b.footnotes.map((f) => esc(cut(f, 900))).join("\n\n"), {
						isSubtle: true,
						size: "Small",
					}),
				]
			: []),
	];
}

function responseLine(report: CampaignReport, t: Translator): string {
	const response = `**${t.t("report.post.responseLabel")}** ${t.t(
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
	return `${response} **${t.t("report.post.classifiableLabel")}** ${classifiable}`;
}

/** The report's body: the same disclosure-safe figures as Slack's report blocks, and the chart when given. */
export function reportBody(
	report: CampaignReport,
	chartPng?: Buffer,
	t: Translator = english,
): CardElement[] {
	const body: CardElement[] = [
		heading(
			t.t("report.title", { campaign: esc(cut(report.campaignName, 140)) }),
		),
		textBlock(responseLine(report, t)),
	];
	if (!report.published) {
		body.push(
			textBlock(
				report.notes.length > 0
					? report.notes.map((n) => esc(cut(n, 900))).join("\n\n")
					: t.t("report.post.unpublished", { k: report.minCellSize }),
			),
		);
		return body;
	}
	if (report.takeaways.length > 0)
		body.push(
			textBlock(
				[
					`**${t.t("report.keyPoints")}**`,
					...report.takeaways.map((k) => `- ${esc(cut(k, 900))}`),
				].join("\n"),
			),
		);
	if (report.groups.length > 0)
		body.push(
			textBlock(`**${t.t("report.post.backgrounds")}**`),
			table(
				[
					t.t("report.background"),
					t.t("report.card.here"),
					t.t("report.ukWorkforce"),
				],
				report.groups.map((g) => [
					groupInWords(g, t, esc),
					percent(g.percent),
					`${g.benchmarkPercent}%`,
				]),
			),
		);
	if (report.progression.sentence)
		body.push(
			textBlock(
				`**${t.t("report.post.progressionLabel")}** ${esc(cut(report.progression.sentence, 900))}`,
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
				: textBlock(t.t("report.card.noChart"), { isSubtle: true }),
		);
	}
	body.push(
		...breakdown(report, report.byGroup, t),
		...breakdown(report, report.byGrade, t),
	);
	if (report.supplementary.length > 0)
		body.push(
			textBlock(`**${t.t("report.otherMeasures")}**`, { spacing: "Large" }),
			table(
				[
					t.t("report.card.measure"),
					t.t("report.header.share"),
					t.t("report.card.benchmark"),
				],
				report.supplementary.map((m) => [
					measureInWords(m, t, (s) => esc(cut(s, 100))),
					m.answers === null
						? t.t("report.cell.tooFew", { k: report.minCellSize })
						: `${t.t("report.measure.value", { percent: percent(m.percent), n: m.answers })}${m.detail ? `; ${esc(cut(m.detail, 300))}` : ""}`,
					m.benchmarkPercent === null
						? t.t("report.post.contextOnly")
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
			t.t("report.post.benchmark", {
				source: esc(cut(report.benchmark.source, 900)),
				k: report.minCellSize,
			}),
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
		t.t("report.title", { campaign: report.campaignName }),
	);
}

/**
 * The admin's preview: whether it was posted, the report as it would be posted, and "Post to {channel}", which
 * first shows what posting means and then posts (Action.Execute has no confirm dialog of its own).
 */
export function reportPreviewCard(
	report: CampaignReport,
	opts: { channel: string; publishedOn: string | null; chartPng?: Buffer },
	t: Translator = english,
): AdaptiveCard {
	const again = opts.publishedOn !== null;
	const name = cut(report.campaignName, 80);
	// The reader's way of writing the day ("18 December 2026"), never the ISO date.
	const day = opts.publishedOn === null ? "" : t.day(opts.publishedOn);
	const status = again
		? t.t("report.preview.posted", { channel: esc(opts.channel), day })
		: t.t("report.preview.notPosted");
	const confirm = again
		? t.t("report.publish.confirmAgain", {
				name: esc(name),
				channel: esc(opts.channel),
				day,
			})
		: t.t("report.publish.confirm", {
				name: esc(name),
				channel: esc(opts.channel),
			});
	return adaptiveCard(
		[
			textBlock(status, { isSubtle: true }),
			...reportBody(report, opts.chartPng, t),
		],
		[
			{
				type: "Action.ShowCard",
				// plain text: alt text, fallback, card titles and button titles are not markdown.
				title: cut(
					t.t(again ? "report.publish.buttonAgain" : "report.publish.button", {
						channel: opts.channel,
					}),
					75,
				),
				card: {
					type: "AdaptiveCard",
					body: [textBlock(confirm)],
					actions: [
						execute(
							t.t(again ? "report.publish.postAgain" : "report.publish.post"),
							verbs.publish,
							{ campaignId: report.campaignId },
							"positive",
						),
					],
				},
			},
		],
		// plain text: alt text, fallback, card titles and button titles are not markdown.
		t.t("report.preview.fallback", { campaign: report.campaignName }),
	);
}
