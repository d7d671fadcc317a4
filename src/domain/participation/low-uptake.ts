/** One reporting group's public participation (`publicParticipation`) and the managers of its members. */
export type GroupUptake = {
	group: string;
	invited: number;
	/** The public rate (rounded to 5 points, held under the release ledger); null for a group too small to show. */
	rate: number | null;
	/** Keys of the managers of the group's members (their roster emails). */
	managers: string[];
};

/** One nudge to one manager: the groups of theirs below the threshold, as rates only. */
export type ManagerNudge = {
	manager: string;
	/** `ratePercent` is null for a group under the minimum size: too few to show any rate. */
	groups: { name: string; ratePercent: number | null }[];
	targetPercent: number;
	organisationPercent: number;
};

/**
 * The manager nudges for one wave (SMC: "target encouragement and support at functions or grades where response
 * rates are low"), from the public figures: a group is low when its public rate is below `thresholdPercent`, and a
 * group too small to show a rate is never judged (nudging it would tell its managers about a handful of people).
 * Groups nobody was invited to are skipped. Each manager gets at most one nudge, listing each of their low groups.
 * Never names, never respondent counts.
 */
export function lowUptakeNudges(input: {
	groups: GroupUptake[];
	organisationPercent: number;
	thresholdPercent: number;
	targetPercent: number;
}): ManagerNudge[] {
	const organisationPercent = input.organisationPercent;
	const byManager = new Map<string, ManagerNudge>();
	for (const g of input.groups) {
		if (g.invited === 0 || g.rate === null) continue;
		if (g.rate >= input.thresholdPercent) continue;
		const shown = { name: g.group, ratePercent: g.rate };
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
