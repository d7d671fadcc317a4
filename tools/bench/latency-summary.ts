/** Latency quantiles in ms, rounded to 0.1 ms. */
export type LatencySummary = {
	p50: number;
	p95: number;
	p99: number;
	max: number;
};

/** The value at quantile `q` of ascending `sorted` (nearest rank, below). */
export function quantile(sorted: readonly number[], q: number): number {
	return (
		sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
	);
}

/** p50, p95, p99 and max of these latencies (any order). */
export function summariseLatencies(
	latencies: readonly number[],
): LatencySummary {
	const sorted = [...latencies].sort((a, b) => a - b);
	const round = (ms: number) => Math.round(ms * 10) / 10;
	return {
		p50: round(quantile(sorted, 0.5)),
		p95: round(quantile(sorted, 0.95)),
		p99: round(quantile(sorted, 0.99)),
		max: round(sorted.at(-1) ?? 0),
	};
}

/** The p99 (ms, rounded) of the latencies of requests sent in each whole second since the run began (`sentAtMs`). */
export function p99BySecond(
	samples: readonly { sentAtMs: number; ms: number }[],
): number[] {
	const seconds: number[][] = [];
	for (const { sentAtMs, ms } of samples) {
		const second = Math.floor(sentAtMs / 1000);
		const bucket = seconds[second] ?? [];
		bucket.push(ms);
		seconds[second] = bucket;
	}
	return Array.from(seconds, (s) =>
		s
			? Math.round(
					quantile(
						[...s].sort((a, b) => a - b),
						0.99,
					),
				)
			: 0,
	);
}
