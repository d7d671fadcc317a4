/** TEMPORARY placeholder. */
import type { NudgePayload } from "../domain/deliveries/outbox-store.js";
export function nudgeMessage(campaignName: string, p: NudgePayload) {
	return {
		title: `${campaignName}: response rate is low in your area`,
		lines: [
			...p.groups.map((g) =>
				g.ratePercent === null
					? `${g.name}: uptake is low (too few people to show a rate)`
					: `${g.name}: ${g.ratePercent}% have answered`,
			),
			`Target ${p.targetPercent}%; organisation ${p.organisationPercent}%.`,
		],
		tips: [
			"Explain why we ask.",
			"Say you have answered, if you're comfortable.",
			"Answers can't be linked to anyone; managers only ever see rates.",
		],
	};
}
