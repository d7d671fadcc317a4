import type { Ballot } from "../ballots/ballot.js";
import { nationalBenchmark } from "../questions/benchmarks.js";
import { catalogue } from "../questions/catalogue.js";
import type {
	CampaignReport,
	GroupShare,
	SebGroup,
} from "./campaign-report.js";

/** Counts of the key question's groups among opened ballots. */
export type KeyQuestionTally = Record<SebGroup | "excluded", number>;

const groupLabels: Record<SebGroup, string> = {
	professional: "Professional background",
	intermediate: "Intermediate background",
	working_class: "Working-class background",
};
const sebGroups: SebGroup[] = ["professional", "intermediate", "working_class"];

/** Tallies the key question; a missing or unknown answer counts as not classifiable. */
export function tallyKeyQuestion(ballots: Iterable<Ballot>): KeyQuestionTally {
	const tally: KeyQuestionTally = {
		professional: 0,
		intermediate: 0,
		working_class: 0,
		excluded: 0,
	};
	const groupOf = new Map(catalogue.key.options.map((o) => [o.id, o.group]));
	for (const b of ballots) {
		const g = groupOf.get(b.answers.key ?? "") ?? "excluded";
		tally[g as SebGroup | "excluded"] += 1;
	}
	return tally;
}

/** Facts about the campaign the report needs besides the tally. */
export type ReportInput = {
	campaignId: string;
	campaignName: string;
	closedOn: string;
	invited: number;
	responded: number;
	targetRatePercent: number;
	minCellSize: number;
};

/**
 * Builds the published report with disclosure control (smc-spec.md §5): no breakdown below
 * `minCellSize` classified answers (R1, R10); cells below it, zeros included, suppressed (R2); when one cell is
 * suppressed, the next smallest too, so it cannot be derived from the total (R3); a group where
 * almost everyone gave one answer is not broken down (R4); whole-number percentages (R6).
 */
export function buildReport(
	input: ReportInput,
	tally: KeyQuestionTally,
): CampaignReport {
	const k = input.minCellSize;
	const classified =
		tally.professional + tally.intermediate + tally.working_class;
	const notes: string[] = [];
	const suppressed = new Set<SebGroup>();
	const largest = Math.max(...sebGroups.map((g) => tally[g]));
	if (classified < k) {
		notes.push(
			`Fewer than ${k} classifiable answers: no breakdown is published.`,
		);
	} else if (classified - largest < Math.min(3, k)) {
		notes.push(
			"Nearly everyone gave answers in one group, so no breakdown is published.",
		);
	} else {
		// A zero is suppressed too: "nobody here is working class" tells everyone's answer.
		for (const g of sebGroups) if (tally[g] < k) suppressed.add(g);
		if (suppressed.size === 1) {
			const next = sebGroups
				.filter((g) => !suppressed.has(g))
				.sort((a, b) => tally[a] - tally[b])[0];
			if (next) suppressed.add(next);
		}
		if (suppressed.size > 0)
			notes.push(`Groups with fewer than ${k} answers are not shown ([c]).`);
	}
	const published =
		classified >= k &&
		classified - largest >= Math.min(3, k) &&
		suppressed.size < sebGroups.length;
	if (!published) for (const g of sebGroups) suppressed.add(g);
	const groups: GroupShare[] = sebGroups.map((g) => ({
		group: g,
		label: groupLabels[g],
		percent: suppressed.has(g)
			? null
			: Math.round((100 * tally[g]) / classified),
		benchmarkPercent: Math.round(100 * nationalBenchmark[g]),
	}));
	return {
		campaignId: input.campaignId,
		campaignName: input.campaignName,
		closedOn: input.closedOn,
		invited: input.invited,
		responded: input.responded,
		responseRatePercent:
			input.invited === 0
				? 0
				: Math.round((100 * input.responded) / input.invited),
		targetRatePercent: input.targetRatePercent,
		classified: classified >= k ? classified : null,
		notClassifiable: classified >= k ? tally.excluded : null,
		minCellSize: k,
		published,
		groups,
		benchmark: {
			version: nationalBenchmark.version,
			source: nationalBenchmark.source,
		},
		notes,
	};
}
