import type { CampaignReport } from "../domain/reporting/campaign-report.js";
import { escapeXml } from "../text/escape-xml.js";
import { english, type Translator } from "../text/translator.js";
import { groupInWords } from "./report-words.js";
import { verdictInWords } from "./verdict-in-words.js";

// Sized for a 1000px-wide image that is still legible shrunk to a phone screen: no text below 20px.
const width = 1000;
const margin = 40;
const textWidth = width - 2 * margin;
const barMax = 780;
const ink = "#1a1a1a";
const muted = "#4d4d4d";
// Okabe–Ito blue against a pale grey: told apart by lightness, so safe for every kind of colour blindness.
const ours = "#0072B2";
const theirs = "#c4c4c4";
const fontFamily = "DejaVu Sans, Verdana, Arial, sans-serif";

/** Characters that fit in `px` at `size`; DejaVu Sans is wide, so this errs on the short side. */
const fits = (px: number, size: number, bold = false) =>
	Math.floor(px / (size * (bold ? 0.68 : 0.62)));

function truncate(s: string, max: number): string {
	const chars = Array.from(s.replace(/\s+/g, " ").trim());
	return chars.length <= max
		? chars.join("")
		: `${chars.slice(0, max - 1).join("")}…`;
}

/** Greedy word wrap to at most `maxLines`, ending with an ellipsis when text is left over. */
function wrap(s: string, max: number, maxLines: number): string[] {
	const lines: string[] = [];
	let line = "";
	for (const word of s.split(/\s+/).filter(Boolean)) {
		// plain text: wrapping; `text()` escapes every line it draws.
		const next = line ? `${line} ${word}` : word;
		if (Array.from(next).length <= max || !line) {
			line = next;
			continue;
		}
		lines.push(line);
		line = word;
	}
	if (line) lines.push(line);
	const kept = lines.slice(0, maxLines).map((l) => truncate(l, max));
	if (lines.length > maxLines) {
		const last = kept.length - 1;
		kept[last] = `${truncate(kept[last] ?? "", max - 1).replace(/…$/, "")}…`;
	}
	return kept;
}

type TextOptions = {
	size: number;
	bold?: boolean;
	fill?: string;
	anchor?: "start" | "middle" | "end";
	/** A white outline, so text stays readable where the benchmark line crosses it. */
	halo?: boolean;
};

function text(x: number, y: number, content: string, o: TextOptions): string {
	const attrs = [
		`x="${x}"`,
		`y="${y}"`,
		`font-size="${o.size}"`,
		`fill="${o.fill ?? ink}"`,
	];
	if (o.bold) attrs.push(`font-weight="bold"`);
	if (o.anchor && o.anchor !== "start") attrs.push(`text-anchor="${o.anchor}"`);
	if (o.halo)
		attrs.push(
			`stroke="#ffffff" stroke-width="6" stroke-linejoin="round" paint-order="stroke"`,
		);
	return `<text ${attrs.join(" ")}>${escapeXml(content)}</text>`;
}

const rect = (x: number, y: number, w: number, h: number, fill: string) =>
	`<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}"/>`;

const barWidth = (percent: number) =>
	Math.max(3, Math.round((barMax * Math.min(100, Math.max(0, percent))) / 100));

/** Roughly how wide `s` is drawn at `size` (DejaVu Sans is wide, so this errs on the wide side). */
const widthOf = (s: string, size: number) =>
	Math.ceil(Array.from(s).length * size * 0.62);

function organisationPanel(report: CampaignReport, top: number, t: Translator) {
	const oursLabel = t.t("report.thisOrganisation");
	// The second key sits after the first, however long the first is in this language.
	const second = Math.max(260, 34 + widthOf(oursLabel, 20) + 30);
	const parts = [
		text(margin, top + 30, t.t("chart.organisationTitle"), {
			size: 26,
			bold: true,
		}),
		rect(margin, top + 50, 24, 24, ours),
		text(margin + 34, top + 70, oursLabel, { size: 20, fill: muted }),
		rect(margin + second, top + 50, 24, 24, theirs),
		text(margin + second + 34, top + 70, t.t("report.ukWorkforce"), {
			size: 20,
			fill: muted,
		}),
	];
	let y = top + 96;
	for (const g of report.groups) {
		parts.push(
			text(margin, y + 26, truncate(groupInWords(g, t), fits(textWidth, 24)), {
				size: 24,
			}),
		);
		if (g.percent === null) {
			parts.push(
				text(margin, y + 68, "[c]", { size: 24, bold: true, fill: muted }),
			);
		} else {
			const w = barWidth(g.percent);
			parts.push(
				rect(margin, y + 38, w, 40, ours),
				text(margin + w + 12, y + 68, `${g.percent}%`, {
					size: 24,
					bold: true,
				}),
			);
		}
		const bw = barWidth(g.benchmarkPercent);
		parts.push(
			rect(margin, y + 84, bw, 24, theirs),
			text(
				margin + bw + 12,
				y + 104,
				t.t("chart.uk", { percent: g.benchmarkPercent }),
				{
					size: 20,
					fill: muted,
				},
			),
		);
		y += 134;
	}
	return { parts, bottom: y };
}

function gradePanel(report: CampaignReport, top: number, t: Translator) {
	const grades = report.progression.workingClassByGrade;
	const benchmark = report.groups.find(
		(g) => g.group === "working_class",
	)?.benchmarkPercent;
	const parts = [
		text(margin, top + 30, t.t("chart.gradeTitle"), {
			size: 26,
			bold: true,
		}),
		text(margin, top + 62, t.t("chart.gradeSubtitle"), {
			size: 20,
			fill: muted,
		}),
	];
	const labels: string[] = [];
	let y = top + 80;
	const lineTop = y;
	const lineX = benchmark === undefined ? null : margin + barWidth(benchmark);
	if (benchmark !== undefined && lineX !== null) {
		const x = lineX;
		const label = t.t("chart.benchmarkLine", { percent: benchmark });
		// Keep the label on the canvas when the benchmark is far to the right.
		const anchorEnd = x + 10 + label.length * 20 * 0.62 > width - margin;
		labels.push(
			text(anchorEnd ? x - 10 : x + 10, y + 26, label, {
				size: 20,
				bold: true,
				fill: ink,
				anchor: anchorEnd ? "end" : "start",
				halo: true,
			}),
		);
		y += 40;
	}
	if (grades.length === 0) {
		labels.push(
			text(margin, y + 30, t.t("chart.noGrades"), { size: 22, fill: muted }),
		);
		y += 50;
	}
	const barRows: number[] = [];
	for (const g of grades) {
		barRows.push(y);
		labels.push(
			text(margin, y + 26, truncate(g.grade, fits(textWidth, 22)), {
				size: 22,
				halo: true,
			}),
		);
		if (g.percent === null) {
			labels.push(
				text(margin, y + 66, "[c]", {
					size: 24,
					bold: true,
					fill: muted,
					halo: true,
				}),
			);
		} else {
			const w = barWidth(g.percent);
			const label = `${g.percent}%`;
			let x = margin + w + 12;
			// A value label that would sit on the benchmark line moves just past it.
			if (lineX !== null && x - 6 < lineX && x + label.length * 20 + 6 > lineX)
				x = lineX + 12;
			parts.push(rect(margin, y + 36, w, 40, ours));
			labels.push(
				text(x, y + 66, label, {
					size: 24,
					bold: true,
					halo: true,
				}),
			);
		}
		y += 92;
	}
	if (lineX !== null) {
		// The benchmark line runs only beside the bars, broken at every grade's name, so no label can sit on it.
		const x = lineX;
		const dashed = (y1: number, y2: number) =>
			`<line x1="${x}" y1="${y1}" x2="${x}" y2="${y2}" stroke="${ink}" stroke-width="3" stroke-dasharray="10 7"/>`;
		if (grades.length === 0) parts.push(dashed(lineTop, y - 8));
		barRows.forEach((rowTop) => {
			parts.push(dashed(rowTop + 32, rowTop + 84));
		});
	}
	parts.push(...labels);
	y += 12;
	const verdict = wrap(
		t.t("report.pattern", { verdict: verdictInWords(report.progression, t) }),
		fits(textWidth, 24, true),
		3,
	);
	for (const line of verdict) {
		y += 32;
		parts.push(text(margin, y, line, { size: 24, bold: true }));
	}
	return { parts, bottom: y + 12 };
}

function unpublishedPanel(top: number, t: Translator) {
	const parts = [
		`<rect x="${margin}" y="${top}" width="${textWidth}" height="200" rx="12" fill="#f2f2f2" stroke="${muted}" stroke-width="2"/>`,
		text(width / 2, top + 82, t.t("chart.tooFew"), {
			size: 32,
			bold: true,
			anchor: "middle",
		}),
	];
	const why = t.t("chart.tooFewWhy");
	wrap(why, fits(textWidth - 40, 22), 2).forEach((line, i) => {
		parts.push(
			text(width / 2, top + 128 + i * 30, line, {
				size: 22,
				fill: muted,
				anchor: "middle",
			}),
		);
	});
	return { parts, bottom: top + 200 };
}

/**
 * Draws the report as one SVG image for chat posts: the three groups against the UK workforce, then the
 * working-class share by grade against the national benchmark with the progression verdict. An unpublished
 * report gets one message instead. "[c]" marks a suppressed share.
 */
export function renderChartSvg(
	report: CampaignReport,
	t: Translator = english,
): string {
	const head = [
		text(margin, 52, truncate(report.campaignName, fits(textWidth, 32, true)), {
			size: 32,
			bold: true,
		}),
		text(
			margin,
			88,
			t.t("chart.subtitle", {
				responded: report.responded,
				invited: report.invited,
				percent: report.responseRatePercent,
			}),
			{ size: 20, fill: muted },
		),
	];
	const body: string[] = [];
	let y = 110;
	if (report.published) {
		const first = organisationPanel(report, y, t);
		body.push(...first.parts);
		y = first.bottom + 10;
		body.push(
			`<line x1="${margin}" y1="${y}" x2="${width - margin}" y2="${y}" stroke="#d9d9d9" stroke-width="2"/>`,
		);
		const second = gradePanel(report, y + 14, t);
		body.push(...second.parts);
		y = second.bottom;
	} else {
		const only = unpublishedPanel(y + 20, t);
		body.push(...only.parts);
		y = only.bottom + 10;
	}
	const source = t.t("chart.source", { version: report.benchmark.version });
	const foot = wrap(
		report.published
			? `${t.t("chart.hiddenNote", { c: "[c]" })} ${source}`
			: source,
		fits(textWidth, 20),
		3,
	).map((line, i) =>
		text(margin, y + 34 + i * 28, line, { size: 20, fill: muted }),
	);
	const height = y + 34 + foot.length * 28;
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${fontFamily}">`,
		`<rect width="100%" height="100%" fill="#ffffff"/>`,
		...head,
		...body,
		...foot,
		"</svg>",
	].join("\n");
}
