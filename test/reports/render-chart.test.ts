import { describe, expect, it } from "vitest";
import type { CampaignReport } from "../../src/domain/reporting/campaign-report.js";
import { renderChartPng } from "../../src/reports/render-chart-png.js";
import { renderChartSvg } from "../../src/reports/render-chart-svg.js";
import { sampleReport } from "../support/sample-report.js";

const entity = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi;
const tag =
	/<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<\?xml[^>]*\?>/g;

/** A small well-formedness check: balanced tags, quoted attributes, and no raw `<` or stray `&` in text. */
function assertWellFormed(xml: string): void {
	const stack: string[] = [];
	let last = 0;
	const checkText = (s: string) => {
		const bare = s.replace(entity, "");
		expect(bare, `raw markup in text: ${s.slice(0, 80)}`).not.toMatch(/[<&]/);
	};
	for (const m of xml.matchAll(tag)) {
		checkText(xml.slice(last, m.index));
		for (const v of (m[3] ?? "").matchAll(/="([^"]*)"/g)) checkText(v[1] ?? "");
		last = m.index + m[0].length;
		const [, close, name, , selfClosing] = m;
		if (!name) continue;
		if (close) expect(stack.pop()).toBe(name);
		else if (!selfClosing) stack.push(name);
	}
	checkText(xml.slice(last));
	expect(stack).toEqual([]);
}

/** The text elements of the chart, in document order, with entities decoded. */
function texts(svg: string): { y: number; text: string }[] {
	return [...svg.matchAll(/<text [^>]*y="([\d.]+)"[^>]*>([^<]*)<\/text>/g)].map(
		(m) => ({
			y: Number(m[1]),
			text: (m[2] ?? "")
				.replace(/&lt;/g, "<")
				.replace(/&gt;/g, ">")
				.replace(/&quot;/g, '"')
				.replace(/&amp;/g, "&"),
		}),
	);
}

const allText = (svg: string) =>
	texts(svg)
		.map((t) => t.text)
		.join(" ");

function pngSize(png: Buffer): { width: number; height: number } {
	return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function withGrades(
	grades: { grade: string; percent: number | null }[],
	overrides: Partial<CampaignReport> = {},
): CampaignReport {
	const base = sampleReport(overrides);
	return {
		...base,
		progression: { ...base.progression, workingClassByGrade: grades },
	};
}

type Box = { left: number; right: number; top: number; bottom: number };

/**
 * Every text's box, estimated generously (DejaVu Sans averages under 0.62 em a character, 0.68 in bold; the
 * halo adds 3 px), and every dashed line.
 */
function geometry(svg: string): {
	texts: (Box & { text: string })[];
	lines: Box[];
} {
	const texts = [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map(
		([, attrs = "", body = ""]) => {
			const num = (name: string) =>
				Number(new RegExp(`${name}="([\\d.]+)"`).exec(attrs)?.[1]);
			const size = num("font-size");
			const chars = Array.from(body.replace(/&[a-z]+;/g, "x")).length;
			const w = chars * size * (attrs.includes("bold") ? 0.68 : 0.62) + 6;
			const x = num("x");
			const left = attrs.includes('text-anchor="end"') ? x - w : x;
			return {
				text: body,
				left,
				right: left + w,
				top: num("y") - size,
				bottom: num("y") + size * 0.25,
			};
		},
	);
	const lines = [
		...svg.matchAll(
			/<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"[^>]*stroke-dasharray/g,
		),
	].map(([, x1, y1, x2, y2]) => ({
		left: Number(x1) - 1.5,
		right: Number(x2) + 1.5,
		top: Number(y1),
		bottom: Number(y2),
	}));
	return { texts, lines };
}

const overlaps = (a: Box, b: Box) =>
	a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe("renderChartSvg", () => {
	it("never lets the benchmark line run through a label, however long the grade names", () => {
		const long = [
			"Senior Civil Service Pay Band 1 (Deputy Directors and equivalents)",
			"Grade 6 and Grade 7 (policy, analysis and delivery leadership)",
			"Higher Executive Officer and Senior Executive Officer",
			"Administrative Officer",
		];
		for (const percent of [5, 39, 60, null]) {
			const svg = renderChartSvg(
				withGrades(long.map((grade) => ({ grade, percent }))),
			);
			const { texts, lines } = geometry(svg);
			expect(lines.length).toBeGreaterThan(0);
			for (const line of lines)
				for (const t of texts)
					expect(overlaps(line, t), `${t.text} at ${percent}%`).toBe(false);
		}
	});

	it("draws each group against the UK workforce with both values labelled", () => {
		const svg = renderChartSvg(sampleReport());
		assertWellFormed(svg);
		const labels = texts(svg).map((t) => t.text);
		for (const [ours, uk] of [
			["45%", "UK 37%"],
			["25%", "UK 24%"],
			["30%", "UK 39%"],
		])
			expect(labels).toEqual(expect.arrayContaining([ours, uk]));
		expect(labels).toContain("Working-class background");
		expect(labels).not.toContain("[c]");
	});

	it("lists grades junior to senior with their shares, the benchmark line and the verdict", () => {
		const report = sampleReport();
		const svg = renderChartSvg(report);
		const all = texts(svg);
		const ys = report.progression.workingClassByGrade.map(
			(g) => all.find((t) => t.text === g.grade)?.y ?? Number.NaN,
		);
		expect(ys.every(Number.isFinite)).toBe(true);
		expect([...ys].sort((a, b) => a - b)).toEqual(ys);
		expect(all.map((t) => t.text)).toEqual(
			expect.arrayContaining(["40%", "35%", "10%", "UK workforce 39%"]),
		);
		expect(svg).toMatch(/<line [^>]*stroke-dasharray/);
		expect(allText(svg)).toContain(
			"Pattern: Cliff edge between G3 Manager and G4 Senior manager to G5 Director",
		);
	});

	it("draws [c] and no bar for a suppressed share", () => {
		const base = sampleReport();
		const report = withGrades(
			[
				{ grade: "G1 Associate", percent: 40 },
				{ grade: "G2 Analyst", percent: null },
			],
			{
				groups: base.groups.map((g) =>
					g.group === "intermediate" ? { ...g, percent: null } : g,
				),
			},
		);
		const svg = renderChartSvg(report);
		assertWellFormed(svg);
		expect(texts(svg).filter((t) => t.text === "[c]")).toHaveLength(2);
		expect(texts(svg).map((t) => t.text)).not.toContain("25%");
		// Our bars: two of the three groups and one of the two grades.
		expect(svg.match(/<rect [^>]*height="40" fill="#0072B2"/g)).toHaveLength(3);
	});

	it("escapes names from the roster and shortens long ones", () => {
		const long =
			"Principal engineering manager, platform and infrastructure, London and remote teams";
		const svg = renderChartSvg(
			withGrades(
				[
					{ grade: 'R&D <Labs> "East"', percent: 30 },
					{ grade: long, percent: 20 },
					{ grade: "Ops\u0001 team", percent: 15 },
				],
				{ campaignName: "Census <2026> & beyond" },
			),
		);
		assertWellFormed(svg);
		expect(svg).toContain("R&amp;D &lt;Labs&gt; &quot;East&quot;");
		expect(svg).toContain("Census &lt;2026&gt; &amp; beyond");
		expect(svg).not.toContain("<Labs>");
		const shortened = texts(svg).find((t) => t.text.startsWith("Principal"));
		expect(shortened?.text).toMatch(/…$/);
		expect(shortened?.text.length).toBeLessThan(long.length);
		expect(
			renderChartPng(withGrades([{ grade: "Ops\u0001", percent: 1 }])).length,
		).toBeGreaterThan(0);
	});

	it.each([
		["gradual-decline", "Gradual decline"],
		["no-clear-pattern", "No clear pattern"],
		["too-few-answers", "Too few answers to compare grades"],
	] as const)("words the %s verdict", (verdict, words) => {
		const base = sampleReport();
		const svg = renderChartSvg(
			sampleReport({
				progression: { ...base.progression, verdict, cliffAt: null },
			}),
		);
		expect(allText(svg)).toContain(`Pattern: ${words}`);
	});

	it("shows one message and no figures when the report is not published", () => {
		const svg = renderChartSvg(sampleReport({ published: false }));
		assertWellFormed(svg);
		const labels = texts(svg).map((t) => t.text);
		expect(labels).toContain("Too few answers to publish a breakdown");
		expect(labels.filter((l) => /\d%/.test(l))).toEqual([
			expect.stringContaining("responded (71%)"),
		]);
		expect(allText(svg)).not.toContain("G1 Associate");
		expect(svg).not.toContain("#0072B2");
	});
});

describe("renderChartPng", () => {
	it("renders a PNG at least 800 pixels wide", () => {
		const png = renderChartPng(sampleReport());
		expect([...png.subarray(0, 8)]).toEqual(pngSignature);
		const { width, height } = pngSize(png);
		expect(width).toBeGreaterThanOrEqual(800);
		expect(height).toBeGreaterThan(width);
	});

	it("scales down to fit a longest side (Teams shows images up to 1024 × 1024), keeping the shape", () => {
		const natural = pngSize(renderChartPng(sampleReport()));
		expect(Math.max(natural.width, natural.height)).toBeGreaterThan(1024);
		const fitted = pngSize(renderChartPng(sampleReport(), { maxSide: 1024 }));
		expect(fitted.height).toBe(1024);
		expect(fitted.width).toBeLessThan(1024);
		expect(fitted.width / fitted.height).toBeCloseTo(
			natural.width / natural.height,
			2,
		);
		// Already small enough: unchanged.
		expect(pngSize(renderChartPng(sampleReport(), { maxSide: 4000 }))).toEqual(
			natural,
		);
	});

	it("renders the unpublished message as a PNG too", () => {
		const png = renderChartPng(sampleReport({ published: false }));
		expect([...png.subarray(0, 8)]).toEqual(pngSignature);
		expect(pngSize(png).width).toBeGreaterThanOrEqual(800);
	});
});
