import { describe, expect, it } from "vitest";
import {
	p99BySecond,
	summariseLatencies,
} from "../../tools/bench/latency-summary.js";

describe("the bench's latency summaries", () => {
	it("gives nearest-rank quantiles and the maximum", () => {
		const ms = Array.from({ length: 100 }, (_, i) => i + 1);
		expect(summariseLatencies(ms.reverse())).toEqual({
			p50: 51,
			p95: 96,
			p99: 100,
			max: 100,
		});
	});

	it("puts each request's latency in the second it was sent, and says 0 for a second with none", () => {
		const samples = [
			...Array.from({ length: 100 }, (_, i) => ({ sentAtMs: i * 9, ms: 5 })),
			{ sentAtMs: 998, ms: 3000 },
			{ sentAtMs: 999, ms: 4000 },
			{ sentAtMs: 2500, ms: 7 },
		];
		expect(p99BySecond(samples)).toEqual([3000, 0, 7]);
	});
});
