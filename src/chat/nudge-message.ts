import type { NudgePayload } from "../domain/deliveries/outbox-store.js";
import type { Translator } from "../text/translator.js";

/** A manager nudge, platform-neutral: a title, the rates, and what helps. */
export type NudgeMessage = { title: string; lines: string[]; tips: string[] };

/**
 * The wording of a manager nudge in the reader's language. Rates only: it never names anyone or says who has
 * answered. `esc` makes the campaign and group names inert in the renderer's markup as they are put in; our own
 * wording is left as it is (escaping it would show the markup's escapes, such as `\(`, to the reader). Without
 * `esc`, plain text (a notification's summary).
 */
export function nudgeMessage(
	campaignName: string,
	p: NudgePayload,
	t: Translator,
	esc: (s: string) => string = (s) => s,
): NudgeMessage {
	return {
		title: t.t("nudge.title", { campaign: esc(campaignName) }),
		lines: [
			...p.groups.map((g) =>
				g.ratePercent === null
					? t.t("nudge.groupTooSmall", { group: esc(g.name) })
					: t.t("nudge.groupRate", {
							group: esc(g.name),
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
