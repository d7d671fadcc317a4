import { createHash } from "node:crypto";

/** sha256 of a ciphertext, in hex: how a pool row is recognised across dumps (its id changes on shuffle). */
export function hashOf(bytes: Uint8Array): string {
	return createHash("sha256").update(bytes).digest("hex");
}

/** Kendall's tau-a between two rankings of the same items (pairs tied in either ranking count as neither). */
export function kendallTau(a: readonly number[], b: readonly number[]): number {
	const n = Math.min(a.length, b.length);
	if (n < 2) return 0;
	let concordant = 0;
	let discordant = 0;
	for (let i = 0; i < n; i++) {
		for (let j = i + 1; j < n; j++) {
			const s =
				Math.sign((a[i] as number) - (a[j] as number)) *
				Math.sign((b[i] as number) - (b[j] as number));
			if (s > 0) concordant++;
			else if (s < 0) discordant++;
		}
	}
	return (concordant - discordant) / ((n * (n - 1)) / 2);
}

/** Upper bound of the Wilson score interval (95% by default) for `successes` out of `n` (successes may be fractional). */
export function wilsonUpper(successes: number, n: number, z = 1.96): number {
	if (n <= 0) return 1;
	const p = successes / n;
	const z2 = z * z;
	const centre = p + z2 / (2 * n);
	const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
	return Math.min(1, (centre + spread) / (1 + z2 / n));
}

/** The most common value and how often it occurs (ties: the first seen). */
export function mode<T>(
	values: Iterable<T>,
): { value: T; count: number } | null {
	const counts = new Map<T, number>();
	let best: { value: T; count: number } | null = null;
	for (const v of values) {
		const c = (counts.get(v) ?? 0) + 1;
		counts.set(v, c);
		if (!best || c > best.count) best = { value: v, count: c };
	}
	return best;
}

/** Fisher–Yates shuffle with the given random source, returning a new array. */
export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(rand() * (i + 1));
		[out[i], out[j]] = [out[j] as T, out[i] as T];
	}
	return out;
}

/** Rounds to `digits` decimals (for the printed figures). */
export function round(x: number, digits = 4): number {
	const f = 10 ** digits;
	return Math.round(x * f) / f;
}
