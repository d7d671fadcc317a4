import type { NudgePayload } from "../domain/deliveries/outbox-store.js";

/** A manager nudge, platform-neutral: a title, the rates, and what helps. */
export type NudgeMessage = { title: string; lines: string[]; tips: string[] };

/** The wording of a manager nudge. Rates only: it never names anyone or says who has answered. */
export function nudgeMessage(
	campaignName: string,
	p: NudgePayload,
): NudgeMessage {
	return {
		// plain text: platform-neutral wording; every renderer escapes it whole for its format.
		title: `${campaignName}: response rate is low in your area`,
		lines: [
			...p.groups.map((g) =>
				g.ratePercent === null
					? // plain text: as above.
						`${g.name}: uptake is low (the group is too small to show a rate).`
					: // plain text: as above.
						`${g.name}: about ${g.ratePercent}% have answered.`,
			),
			`The target is ${p.targetPercent}%; across the organisation, ${p.organisationPercent}% have answered so far.`,
		],
		tips: [
			"Explain why we ask: to see where people from less advantaged backgrounds are missing, and act on it.",
			"Lead by example: say you have answered, if you are comfortable doing so.",
			"Reassure people: answers cannot be linked to anyone, and managers only ever see rates like these.",
		],
	};
}
