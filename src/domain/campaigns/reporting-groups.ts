/** A frozen reporting group: one department, or several small ones merged. */
export type ReportingGroup = {
	name: string;
	departments: string[];
	headcount: number;
};

/** Name of the group that collects departments below the minimum headcount. */
export const mergedGroupName = "Other departments";

/**
 * Fixes the reporting groups at launch: departments with fewer than `minHeadcount` people are
 * merged into "Other departments"; if that group is still too small it joins the smallest
 * large department. Groups are returned largest first.
 */
export function buildReportingGroups(
	headcountByDepartment: ReadonlyMap<string, number>,
	minHeadcount: number,
): ReportingGroup[] {
	const large: ReportingGroup[] = [];
	const small: ReportingGroup = {
		name: mergedGroupName,
		departments: [],
		headcount: 0,
	};
	for (const [department, headcount] of [...headcountByDepartment].sort(
		([a], [b]) => a.localeCompare(b),
	)) {
		if (headcount >= minHeadcount)
			large.push({ name: department, departments: [department], headcount });
		else {
			small.departments.push(department);
			small.headcount += headcount;
		}
	}
	if (small.departments.length > 0) {
		if (small.headcount >= minHeadcount || large.length === 0)
			large.push(small);
		else {
			const smallest = large.reduce((a, b) =>
				b.headcount < a.headcount ? b : a,
			);
			smallest.name = `${smallest.name} + ${mergedGroupName}`;
			smallest.departments.push(...small.departments);
			smallest.headcount += small.headcount;
		}
	}
	return large.sort(
		(a, b) => b.headcount - a.headcount || a.name.localeCompare(b.name),
	);
}

/** The group a department belongs to. */
export function groupOf(
	groups: readonly ReportingGroup[],
	department: string,
): string {
	return (
		groups.find((g) => g.departments.includes(department))?.name ??
		mergedGroupName
	);
}
