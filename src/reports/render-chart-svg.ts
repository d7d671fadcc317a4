import type { CampaignReport } from "../domain/reporting/campaign-report.js";

const esc = (s: string) =>
	s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Draws the three background groups against the UK workforce benchmark as an SVG bar chart.
 * Suppressed groups are drawn as "[c]" with no bar.
 */
export function renderChartSvg(report: CampaignReport): string {
	const width = 800;
	const height = 420;
	const left = 230;
	const barMax = 480;
	const rowHeight = 100;
	const top = 90;
	const parts: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
		`<rect width="100%" height="100%" fill="#ffffff"/>`,
		`<text x="24" y="40" font-size="22" font-weight="bold" fill="#1d1c1d">${esc(report.campaignName)}: socio-economic background</text>`,
		`<text x="24" y="66" font-size="14" fill="#555">Share of classified answers (n = ${report.classified ?? "hidden"}) against the UK workforce. Response rate ${report.responseRatePercent}%.</text>`,
	];
	report.groups.forEach((g, i) => {
		const y = top + i * rowHeight;
		parts.push(
			`<text x="24" y="${y + 26}" font-size="15" fill="#1d1c1d">${esc(g.label.replace(" background", ""))}</text>`,
		);
		if (g.percent === null) {
			parts.push(
				`<text x="${left}" y="${y + 26}" font-size="15" fill="#777">[c] fewer than ${report.minCellSize} answers</text>`,
			);
		} else {
			const w = Math.max(2, (barMax * g.percent) / 100);
			parts.push(
				`<rect x="${left}" y="${y + 8}" width="${w}" height="26" fill="#2e6bd1"/>`,
			);
			parts.push(
				`<text x="${left + w + 8}" y="${y + 27}" font-size="15" fill="#1d1c1d">${g.percent}%</text>`,
			);
		}
		const bw = (barMax * g.benchmarkPercent) / 100;
		parts.push(
			`<rect x="${left}" y="${y + 40}" width="${bw}" height="14" fill="#b9c2cf"/>`,
		);
		parts.push(
			`<text x="${left + bw + 8}" y="${y + 52}" font-size="12" fill="#555">UK ${g.benchmarkPercent}%</text>`,
		);
	});
	parts.push(
		`<rect x="24" y="${height - 34}" width="14" height="14" fill="#2e6bd1"/><text x="44" y="${height - 22}" font-size="12" fill="#555">This organisation</text>`,
		`<rect x="190" y="${height - 34}" width="14" height="14" fill="#b9c2cf"/><text x="210" y="${height - 22}" font-size="12" fill="#555">UK workforce (SMC benchmark ${esc(report.benchmark.version)})</text>`,
		"</svg>",
	);
	return parts.join("\n");
}
