/**
 * Rounding of published percentages (R6, S6). Percentages of a row's n are shown to the nearest 5 points unless the
 * row is large (n ≥ 100·k), where whole points cannot single anyone out. Never finer than that.
 */

/** The rounding step, in percentage points, for a row of n answers. */
export function roundingStep(n: number, k: number): number {
	return n >= 100 * k ? 1 : 5;
}

/** `count / n` as a percentage rounded to the nearest multiple of `step` (halves round up). Integer arithmetic. */
export function roundPercent(count: number, n: number, step: number): number {
	if (n <= 0) throw new RangeError("n must be positive");
	// p = step · round(100·count / (n·step)), with round(x) = floor(x + 1/2) = floor((200·count + n·step) / (2·n·step)).
	return step * Math.floor((200 * count + n * step) / (2 * n * step));
}

/**
 * The counts a published percentage allows: every integer a in [0, n] with |100·a/n − percent| ≤ step/2.
 * This is what a reader can infer from a rounded figure and n; it always contains the true count.
 */
export function percentInterval(
	percent: number,
	n: number,
	step: number,
): { lo: number; hi: number } {
	// a ∈ [n(2p − s)/200, n(2p + s)/200]
	const lo = Math.max(0, Math.ceil((n * (2 * percent - step)) / 200));
	const hi = Math.min(n, Math.floor((n * (2 * percent + step)) / 200));
	return { lo, hi };
}
