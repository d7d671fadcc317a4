/** TEMPORARY placeholder. */
export function lowUptakeNudges(input: {
	groups: {
		group: string;
		invited: number;
		responded: number;
		managers: string[];
	}[];
	organisation: { invited: number; responded: number };
	thresholdPercent: number;
	targetPercent: number;
}) {
	const org = Math.round(
		(100 * input.organisation.responded) /
			Math.max(1, input.organisation.invited),
	);
	const by = new Map<string, { name: string; ratePercent: number | null }[]>();
	for (const g of input.groups) {
		if (g.invited === 0) continue;
		const rate = (100 * g.responded) / g.invited;
		if (rate >= input.thresholdPercent) continue;
		for (const m of g.managers)
			by.set(m, [
				...(by.get(m) ?? []),
				{
					name: g.group,
					ratePercent: g.invited < 5 ? null : Math.round(rate / 5) * 5,
				},
			]);
	}
	return [...by].map(([manager, groups]) => ({
		manager,
		groups,
		targetPercent: input.targetPercent,
		organisationPercent: org,
	}));
}
