/** One reporting group's participation and the managers of its members. */
export type GroupUptake = {
	group: string;
	invited: number;
	responded: number;
	/** Keys of the managers of the group's members (their roster emails). */
	managers: string[];
};

/** One nudge to one manager: the groups of theirs below the threshold, as rates only. */
export type ManagerNudge = {
	manager: string;
	/** `ratePercent` is null for a group of fewer than 5 people: too few to show any rate. */
	groups: { name: string; ratePercent: number | null }[];
	targetPercent: number;
	organisationPercent: number;
};

/** Groups smaller than this get no rate at all in a nudge (a rate of 2 people tells on them). */
export const smallestGroupWithRate = 5;

/**
 * The manager nudges for one wave (SMC: "target encouragement and support at functions or grades where response
 * rates are low"). A group is low when its response rate is below `thresholdPercent`; groups nobody was invited to
 * are skipped. Each manager gets at most one nudge, listing each of their low groups. Rates are rounded to
 * 5 points, the organisation's to a whole point. Never names, never respondent counts.
 */
export function lowUptakeNudges(input: {
	groups: GroupUptake[];
	organisation: { invited: number; responded: number };
	thresholdPercent: number;
	targetPercent: number;
}): ManagerNudge[] {
	const organisationPercent =
		input.organisation.invited === 0
			? 0
			: Math.round(
					(100 * input.organisation.responded) / input.organisation.invited,
				);
	const byManager = new Map<string, ManagerNudge>();
	for (const g of input.groups) {
		if (g.invited === 0) continue;
		const rate = (100 * g.responded) / g.invited;
		if (rate >= input.thresholdPercent) continue;
		const shown = {
			name: g.group,
			ratePercent:
				g.invited < smallestGroupWithRate ? null : Math.round(rate / 5) * 5,
		};
		for (const manager of new Set(g.managers)) {
			let nudge = byManager.get(manager);
			if (!nudge) {
				nudge = {
					manager,
					groups: [],
					targetPercent: input.targetPercent,
					organisationPercent,
				};
				byManager.set(manager, nudge);
			}
			nudge.groups.push(shown);
		}
	}
	return [...byManager.values()];
}
