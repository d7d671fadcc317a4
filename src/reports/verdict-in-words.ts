import type { PublishedProgression } from "../domain/reporting/campaign-report.js";

/** The progression verdict in words: the line under the chart's grade panel, and its alt text. */
export function verdictInWords(p: PublishedProgression): string {
	switch (p.verdict) {
		case "gradual-decline":
			return "Gradual decline";
		case "cliff-edge":
			return p.cliffAt
				? `Cliff edge between ${p.cliffAt.from} and ${p.cliffAt.to}`
				: "Cliff edge";
		case "no-clear-pattern":
			return "No clear pattern";
		case "too-few-answers":
			return "Too few answers to compare grades";
	}
}
