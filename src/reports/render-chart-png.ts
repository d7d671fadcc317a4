import { Resvg } from "@resvg/resvg-js";
import type { CampaignReport } from "../domain/reporting/campaign-report.js";
import type { Translator } from "../text/translator.js";
import { renderChartSvg } from "./render-chart-svg.js";

/** How big the chart image may be, and its language. */
export type ChartOptions = {
	/** The longest side, in pixels (Teams shows images up to 1024 × 1024); default: the chart's own size. */
	maxSide?: number;
	/** The language of the chart's words (the campaign's); default English (UK). */
	t?: Translator;
};

/** Renders the report chart as a PNG image, scaled down to fit `maxSide` when given. */
export function renderChartPng(
	report: CampaignReport,
	size: ChartOptions = {},
): Buffer {
	const svg = renderChartSvg(report, size.t);
	const options = {
		font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
		background: "#ffffff",
	};
	const natural = new Resvg(svg, options);
	const { maxSide } = size;
	if (!maxSide || Math.max(natural.width, natural.height) <= maxSide)
		return natural.render().asPng();
	const mode = natural.height >= natural.width ? "height" : "width";
	return new Resvg(svg, {
		...options,
		fitTo: { mode, value: maxSide },
	})
		.render()
		.asPng();
}
