/**
 * How the answer pool is shuffled (docs/privacy-tests.md §3.3, with the cost made linear).
 *
 * Rewriting the whole pool after every m answers costs O(n) per m answers, O(n²/m) over a campaign:
 * at 200 answers a second it kept PostgreSQL busy with nothing else. Instead, after every m answers the
 * unshuffled tail is mixed with `MIX_FACTOR × m` ballots drawn from the rest of the pool, and the whole
 * pool is rewritten only when it has grown by `FULL_GROWTH` since its last whole rewrite. Every ballot
 * is then in a batch of at least `MIX_FACTOR × m + m` rows sharing one xmin (or the whole pool), so
 * linking one to its sender by xmin, position or id succeeds at most 1 in (MIX_FACTOR + 1)·m, under
 * the 1 in m the design asks for; most ballots (all but the last fifth) sit in the last whole
 * rewrite. Each answer costs MIX_FACTOR + 1 rewrites for its batch plus 1 / (1 − 1/FULL_GROWTH) = 5
 * for the whole rewrites, a constant instead of the pool's size.
 */
export const MIX_FACTOR = 9;
export const FULL_GROWTH = 1.25;

/** What the pool looks like now: its unshuffled tail, the rows through a shuffle, and its size at the last whole rewrite. */
export type PoolState = {
	tail: number;
	settled: number;
	lastFull: number;
	/** m: the campaign's frozen shuffle size. */
	shuffleSize: number;
};

/** Nothing is due, the whole pool, or the tail plus this many settled ballots. */
export type MixPlan = "none" | "all" | { sample: number };

/** Decides the next shuffle; `force` shuffles any tail at all (before close, or when asked). */
export function planMix(state: PoolState, force = false): MixPlan {
	const { tail, settled, lastFull, shuffleSize } = state;
	if (tail === 0 || (!force && tail < shuffleSize)) return "none";
	const sample = MIX_FACTOR * Math.max(tail, shuffleSize);
	if (settled <= sample) return "all";
	if (settled + tail >= FULL_GROWTH * lastFull) return "all";
	return { sample };
}
