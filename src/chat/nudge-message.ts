import type { NudgePayload } from "../domain/deliveries/outbox-store.js";
import type { Translator } from "../text/translator.js";

/** A manager nudge, platform-neutral: a title, the rates, and what helps. */
export type NudgeMessage = { title: string; lines: string[]; tips: string[] };

/**
 * The wording of a manager nudge in the reader's language. Rates only: it never names anyone or says who has
 * answered. Plain text: every renderer escapes it whole for its format.
 */
export function nudgeMessage(
	campaignName: string,
	p: NudgePayload,
	t: Translator,
): NudgeMessage {
	return {
		// plain text: platform-neutral wording; every renderer escapes it whole for its format.
		title: t.t("nudge.title", { campaign: campaignName }),
		lines: [
			...p.groups.map((g) =>
				g.ratePercent === null
					? t.t("nudge.groupTooSmall", { group: g.name })
					: t.t("nudge.groupRate", {
							group: g.name,
							percent: String(g.ratePercent),
						}),
			),
			t.t("nudge.target", {
				target: String(p.targetPercent),
				organisation: String(p.organisationPercent),
			}),
		],
		tips: [
			t.t("nudge.tipWhy"),
			t.t("nudge.tipExample"),
			t.t("nudge.tipReassure"),
		],
	};
}
