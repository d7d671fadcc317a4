import type { ProgressionVerdict } from "./progression.js";

/** The three SMC groups of the key question. */
export type SebGroup = "professional" | "intermediate" | "working_class";

/**
 * The column shown instead of professional + intermediate when a row is collapsed (docs/smc-questions.md §5.2 R5). The
 * working-class share is the headline measure (benchmark 39%, progression by grade), so a row too small for
 * three groups keeps it and merges the other two.
 */
export const collapsedColumn = "professional_or_intermediate";

/** One organisation-level share of the key question against the national benchmark. */
export type GroupShare = {
	group: SebGroup;
	label: string;
	/** Percentage (rounded to `step` points), or null when suppressed. */
	percent: number | null;
	benchmarkPercent: number;
};

/** A column of a breakdown table: a SEB group, or `professional_or_intermediate` for collapsed rows. */
export type BreakdownColumn = { key: string; label: string };

/**
 * One row of a breakdown table as published.
 * - `shown`: shares by SEB group; a share may still be null ([c]).
 * - `collapsed`: working class against `professional_or_intermediate` only (R5).
 * - `too-few`: fewer than k classified answers; nothing but the name.
 * - `hidden`: enough answers, but no share is shown so that no one's answer can be worked out (homogeneity,
 *   complementary suppression, or a change of fewer than k answers since an earlier report).
 */
export type BreakdownRow = {
	name: string;
	/** Departments or grades shown together in this row (more than one when merged). */
	members: string[];
	status: "shown" | "collapsed" | "too-few" | "hidden";
	/** Classified answers rounded to the nearest 5; null when fewer than k. */
	answers: number | null;
	/** Shares in percent keyed by column key; null means [c]. Empty for `too-few` and `hidden`. */
	shares: Record<string, number | null>;
	/** Rounding step of the shares in percentage points (5, or 1 for rows with at least 100·k answers). */
	step: number | null;
};

/** The key question broken down by reporting group (department) or by grade. */
export type BreakdownTable = {
	dimension: "group" | "grade";
	title: string;
	/** The three SEB columns, then the `professional_or_intermediate` column used by collapsed rows. */
	columns: BreakdownColumn[];
	/** Rows in display order; grades run junior → senior. */
	rows: BreakdownRow[];
	footnotes: string[];
};

/** One supplementary measure at organisation level (docs/smc-questions.md §2, §3.2). */
export type SupplementaryMeasure = {
	question: "school" | "fsm" | "parents_degree";
	label: string;
	/** Share in percent of the answers that can be classified for this question, or null when suppressed. */
	percent: number | null;
	/** Answers that count for this measure, rounded to 5; null when fewer than k. */
	answers: number | null;
	/** Benchmark in percent, or null for context-only measures (no national benchmark). */
	benchmarkPercent: number | null;
	benchmarkSource: string | null;
	/** Extra published line, e.g. independent school with a bursary of 90% or more. */
	detail: string | null;
};

/** The progression pattern by grade, as published (no exact shares or p-values). */
export type PublishedProgression = {
	verdict: ProgressionVerdict;
	/** The grade step where a cliff edge is, when the verdict is `cliff-edge`. */
	cliffAt: { from: string; to: string } | null;
	/** One plain-language sentence. */
	sentence: string;
	/** Working-class share by grade as published (null when not shown), junior → senior. */
	workingClassByGrade: { grade: string; percent: number | null }[];
};

/** The results of a closed campaign, as published. Holds only disclosure-safe numbers. */
export type CampaignReport = {
	/** Version of this shape, for exports read by other tools. */
	format: "census-report/2";
	campaignId: string;
	campaignName: string;
	closedOn: string;
	invited: number;
	responded: number;
	responseRatePercent: number;
	targetRatePercent: number;
	/** Answers to the key question that fall in one of the three groups, rounded to 5; null below k. */
	classified: number | null;
	/** Classified answers as a share of responses, in percent (5-point steps, 1 with 100·k or more). */
	classifiableRatePercent: number | null;
	minCellSize: number;
	/** False when there are too few classified answers to publish any breakdown (R10). */
	published: boolean;
	/** Organisation-level shares against the national benchmark. */
	groups: GroupShare[];
	/** Rounding step of `groups`, in percentage points. */
	groupsStep: number | null;
	byGroup: BreakdownTable;
	byGrade: BreakdownTable;
	progression: PublishedProgression;
	supplementary: SupplementaryMeasure[];
	/** Three plain-English points a leader can act on. */
	takeaways: string[];
	benchmark: { version: string; source: string };
	notes: string[];
};
