import { Resvg } from "@resvg/resvg-js";
import type { CampaignReport } from "../domain/reporting/campaign-report.js";
import { renderChartSvg } from "./render-chart-svg.js";

/** Renders the report chart as a PNG image. */
export function renderChartPng(report: CampaignReport): Buffer {
	const resvg = new Resvg(renderChartSvg(report), {
		font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
		background: "#ffffff",
	});
	return resvg.render().asPng();
}
