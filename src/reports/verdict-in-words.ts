import type { PublishedProgression } from "../domain/reporting/campaign-report.js";
import { english, type Translator } from "../text/translator.js";

/**
 * The progression verdict in words, in `t`'s language: the line under the chart's grade panel, and its alt text.
 * Plain text: the grade names in it are as HR gave them, so each caller makes it safe for its format.
 */
export function verdictInWords(
	p: PublishedProgression,
	t: Translator = english,
): string {
	switch (p.verdict) {
		case "gradual-decline":
			return t.t("report.verdict.gradualDecline");
		case "cliff-edge":
			return p.cliffAt
				? t.t("report.verdict.cliffEdgeAt", {
						from: p.cliffAt.from,
						to: p.cliffAt.to,
					})
				: t.t("report.verdict.cliffEdge");
		case "no-clear-pattern":
			return t.t("report.verdict.noClearPattern");
		case "too-few-answers":
			return t.t("report.verdict.tooFewAnswers");
	}
}
