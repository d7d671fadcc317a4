import type { CampaignReport } from "./campaign-report.js";

/**
 * Three plain-English points a leader can act on, written only from figures the report already publishes:
 * representation against the UK workforce, the progression pattern, and response or the spread between
 * departments.
 */
export function writeTakeaways(r: Omit<CampaignReport, "takeaways">): string[] {
	return [representation(r), progression(r), responseOrSpread(r)];
}

function representation(r: Omit<CampaignReport, "takeaways">): string {
	if (!r.published)
		return "Too few answers could be classified to describe backgrounds safely. A higher response next time will allow a breakdown.";
	const wc = r.groups.find((g) => g.group === "working_class");
	const prof = r.groups.find((g) => g.group === "professional");
	if (wc && wc.percent !== null) {
		const gap = wc.percent - wc.benchmarkPercent;
		const lead = `People from working-class backgrounds are ${wc.percent}% of those who answered, against ${wc.benchmarkPercent}% of the UK workforce`;
		if (gap <= -5)
			return `${lead}: they are under-represented. Review where you recruit (universities, regions, entry routes) and what your adverts require.`;
		if (gap >= 5)
			return `${lead}: above the national picture. Find out what works and protect it.`;
		return `${lead}: close to the national picture.`;
	}
	if (prof && prof.percent !== null)
		return `People from professional backgrounds are ${prof.percent}% of those who answered, against ${prof.benchmarkPercent}% of the UK workforce.`;
	return "The organisation-level breakdown is not shown, so that no one's answer can be worked out.";
}

function progression(r: Omit<CampaignReport, "takeaways">): string {
	const p = r.progression;
	switch (p.verdict) {
		case "cliff-edge":
			return p.cliffAt
				? `The sharpest drop is between ${p.cliffAt.from} and ${p.cliffAt.to}: look at promotion into ${p.cliffAt.to} — who is put forward, how decisions are made, and who gets sponsorship.`
				: p.sentence;
		case "gradual-decline":
			return "Representation falls steadily with seniority: look at progression at every grade, not one promotion step (transparent criteria, mentoring, sponsorship).";
		case "no-clear-pattern":
			return `${p.sentence.split(/(?<=\.) /)[0]} Track it each year, and look again when more people have answered.`;
		default:
			return "There are too few answers per grade to compare grades. Raising response in smaller grades will make the progression picture clear.";
	}
}

function responseOrSpread(r: Omit<CampaignReport, "takeaways">): string {
	if (r.responseRatePercent < r.targetRatePercent)
		return `Response was ${r.responseRatePercent}% against a ${r.targetRatePercent}% target: share response rates with managers and explain why the question matters before the next census.`;
	const shown = r.byGroup.rows.filter(
		(row) => row.status === "shown" && row.shares.working_class != null,
	);
	if (shown.length >= 2) {
		const by = (row: (typeof shown)[number]) =>
			row.shares.working_class as number;
		const low = shown.reduce((a, b) => (by(b) < by(a) ? b : a));
		const high = shown.reduce((a, b) => (by(b) > by(a) ? b : a));
		if (by(high) - by(low) >= 10)
			return `Working-class representation ranges from ${by(low)}% in ${low.name} to ${by(high)}% in ${high.name}: start outreach and hiring reviews in ${low.name}.`;
	}
	return `Response was ${r.responseRatePercent}% (target ${r.targetRatePercent}%), a sound basis for action. Repeat the census each year to track change.`;
}
