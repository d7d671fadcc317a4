import { roundingStep, roundPercent } from "../disclosure/round-percent.js";
import { nationalBenchmark } from "../questions/benchmarks.js";

/** One grade's counts: answers in the lower-SEB group and all classified answers. */
export type GradeCounts = {
	name: string;
	lowerSeb: number;
	classified: number;
};

export type ProgressionVerdict =
	| "gradual-decline"
	| "cliff-edge"
	| "no-clear-pattern"
	| "too-few-answers";

/** A change between two consecutive analysed grades. `drop` is in percentage points (positive = falls). */
export type ProgressionStep = {
	from: string;
	to: string;
	drop: number;
	pValue: number;
};

export type Progression = {
	verdict: ProgressionVerdict;
	cliffAt?: { from: string; to: string };
	steps: ProgressionStep[];
	/** Share at the most junior analysed grade minus share at the most senior, in percentage points. */
	totalDrop: number;
	/** Two-sided p-value of the total drop. */
	pValue: number;
	/** Lower-SEB share, as a percentage rounded like published tables (5 points, or 1 for n ≥ 100·k). */
	shares: Record<string, number>;
	/** Share / benchmark, from the rounded share, to 2 decimals (docs/smc-questions.md §7.2 RI_g). */
	representationIndex: Record<string, number>;
	sentence: string;
};

const SIGNIFICANCE = 0.05;
/** docs/smc-questions.md §7.2: one step carrying at least half of the total drop is a cliff. */
const CLIFF_SHARE = 0.5;
const SUBJECT =
	"Representation of people from lower socio-economic backgrounds";

/** Standard normal CDF via erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
	return 1 - upperTail(z);
}

/** P(Z > z), computed without cancellation in the tail. */
function upperTail(z: number): number {
	const x = Math.abs(z) / Math.SQRT2;
	const t = 1 / (1 + 0.3275911 * x);
	const poly =
		t *
		(0.254829592 +
			t *
				(-0.284496736 +
					t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
	const erfc = poly * Math.exp(-x * x);
	return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** Two-sided p-value of the pooled two-proportion z-test. */
function twoProportionP(a: GradeCounts, b: GradeCounts): number {
	const pooled = (a.lowerSeb + b.lowerSeb) / (a.classified + b.classified);
	const se = Math.sqrt(
		pooled * (1 - pooled) * (1 / a.classified + 1 / b.classified),
	);
	if (se === 0) return 1;
	const z = (a.lowerSeb / a.classified - b.lowerSeb / b.classified) / se;
	return Math.min(1, 2 * upperTail(Math.abs(z)));
}

const round = (x: number, digits: number) => {
	const f = 10 ** digits;
	return Math.round(x * f) / f;
};

/**
 * The progression pattern of docs/smc-questions.md §7.2 over grades ordered junior → senior. Grades with fewer than k
 * classified answers are left out (R1); pass grades as merged by the published grade table.
 * - too few answers: fewer than 2 grades have k or more;
 * - no clear pattern: the total drop D is not significant (or representation significantly rises, or the
 *   decline cannot be placed);
 * - cliff edge: one step carries at least half of D and is significant (p < 0.05);
 * - gradual decline: D is significant, no step carries half of it;
 * and in both, no step may rise significantly (a zigzag is neither a pyramid nor a cliff).
 */
export function progressionVerdict(
	grades: readonly GradeCounts[],
	opts: { k: number; benchmark?: number },
): Progression {
	const used = grades.filter((g) => g.classified >= opts.k);
	const benchmark = opts.benchmark ?? nationalBenchmark.working_class;
	const share = (g: GradeCounts) => (100 * g.lowerSeb) / g.classified;
	const shares: Record<string, number> = {};
	const representationIndex: Record<string, number> = {};
	for (const g of used) {
		const step = roundingStep(g.classified, opts.k);
		shares[g.name] = roundPercent(g.lowerSeb, g.classified, step);
		representationIndex[g.name] = round(
			(shares[g.name] as number) / 100 / benchmark,
			2,
		);
	}
	const first = used[0];
	const last = used[used.length - 1];
	if (!first || !last || used.length < 2)
		return {
			verdict: "too-few-answers",
			steps: [],
			totalDrop: 0,
			pValue: 1,
			shares,
			representationIndex,
			sentence: `There are too few answers to compare grades: at least two grades need ${opts.k} or more answers that can be classified.`,
		};

	const steps = used.slice(1).map((to, i) => {
		const from = used[i] as GradeCounts;
		return {
			from: from.name,
			to: to.name,
			drop: share(from) - share(to),
			pValue: twoProportionP(from, to),
		};
	});
	const totalDrop = share(first) - share(last);
	const pValue = twoProportionP(first, last);
	const at = (g: GradeCounts) => `${shares[g.name]}% at ${g.name}`;
	const indicative = used.some((g) => roundingStep(g.classified, opts.k) > 1)
		? " These figures are indicative: some grades have few answers."
		: "";
	const result = (
		verdict: ProgressionVerdict,
		text: string,
		cliffAt?: { from: string; to: string },
	): Progression => ({
		verdict,
		...(cliffAt ? { cliffAt } : {}),
		steps: steps.map((s) => ({
			...s,
			drop: round(s.drop, 1),
			pValue: round(s.pValue, 4),
		})),
		totalDrop: round(totalDrop, 1),
		pValue: round(pValue, 4),
		shares,
		representationIndex,
		sentence: text + indicative,
	});

	if (pValue >= SIGNIFICANCE)
		return result(
			"no-clear-pattern",
			`${SUBJECT} shows no clear change with seniority: ${at(first)} and ${at(last)}.`,
		);
	if (totalDrop < 0)
		return result(
			"no-clear-pattern",
			`${SUBJECT} is higher at senior grades: it rises from ${at(first)} to ${at(last)}.`,
		);
	if (steps.some((s) => s.drop < 0 && s.pValue < SIGNIFICANCE))
		return result(
			"no-clear-pattern",
			`${SUBJECT} falls overall from ${at(first)} to ${at(last)}, but not steadily: it rises between some grades.`,
		);
	let biggest = steps[0] as ProgressionStep;
	for (const s of steps) if (s.drop > biggest.drop) biggest = s;
	if (biggest.drop / totalDrop >= CLIFF_SHARE) {
		if (biggest.pValue < SIGNIFICANCE)
			return result(
				"cliff-edge",
				`${SUBJECT} drops sharply between ${biggest.from} and ${biggest.to} (from ${shares[biggest.from]}% to ${shares[biggest.to]}%); across all grades it falls from ${at(first)} to ${at(last)}.`,
				{ from: biggest.from, to: biggest.to },
			);
		return result(
			"no-clear-pattern",
			`${SUBJECT} falls from ${at(first)} to ${at(last)}, but there are too few answers to say at which grade.`,
		);
	}
	return result(
		"gradual-decline",
		`${SUBJECT} falls gradually from ${at(first)} to ${at(last)}.`,
	);
}
