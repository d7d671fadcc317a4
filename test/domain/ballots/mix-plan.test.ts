import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
	FULL_GROWTH,
	MIX_FACTOR,
	planMix,
} from "../../../src/domain/ballots/mix-plan.js";

describe("planMix", () => {
	it.each([
		[{ tail: 0, settled: 500, lastFull: 500 }, false, "none"],
		[{ tail: 9, settled: 500, lastFull: 500 }, false, "none"],
		[{ tail: 3, settled: 500, lastFull: 500 }, true, { sample: 90 }],
		[{ tail: 10, settled: 0, lastFull: 0 }, false, "all"],
		// A pool no bigger than one batch is rewritten whole.
		[{ tail: 10, settled: 90, lastFull: 80 }, false, "all"],
		[{ tail: 10, settled: 500, lastFull: 500 }, false, { sample: 90 }],
		// A tail that grew while a shuffle ran gets a larger sample, in proportion.
		[{ tail: 40, settled: 1000, lastFull: 1000 }, false, { sample: 360 }],
		// Grown by a quarter since the last whole rewrite: whole again.
		[{ tail: 10, settled: 615, lastFull: 500 }, false, "all"],
		[{ tail: 10, settled: 614, lastFull: 500 }, false, { sample: 90 }],
	] as const)("%o (force %s) → %o", (state, force, plan) => {
		expect(planMix({ ...state, shuffleSize: 10 }, force)).toEqual(plan);
	});

	it("puts every tail of m or more in a batch of at least (MIX_FACTOR + 1)·m rows, or the whole pool", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 2, max: 50 }),
				fc.integer({ min: 0, max: 5000 }),
				fc.integer({ min: 0, max: 10_000 }),
				fc.integer({ min: 0, max: 10_000 }),
				(m, tail, settled, lastFull) => {
					const plan = planMix({ tail, settled, lastFull, shuffleSize: m });
					if (tail < m) return plan === "none";
					if (plan === "none") return false;
					if (plan === "all") return true;
					return (
						plan.sample <= settled && tail + plan.sample >= (MIX_FACTOR + 1) * m
					);
				},
			),
		);
	});

	it("rewrites each answer a bounded number of times however large the pool grows", () => {
		const m = 10;
		let settled = 0;
		let lastFull = 0;
		let rewrites = 0;
		const answers = 100_000;
		for (let i = 0; i < answers / m; i++) {
			const plan = planMix({ tail: m, settled, lastFull, shuffleSize: m });
			if (plan === "all") {
				rewrites += settled + m;
				settled += m;
				lastFull = settled;
			} else if (plan !== "none") {
				rewrites += plan.sample + m;
				settled += m;
			}
		}
		expect(settled).toBe(answers);
		// MIX_FACTOR + 1 for the batches, about 1 / (1 - 1 / FULL_GROWTH) for the whole rewrites.
		const bound = MIX_FACTOR + 1 + 1 / (1 - 1 / FULL_GROWTH) + 1;
		expect(rewrites / answers).toBeLessThan(bound);
		expect(rewrites / answers).toBeGreaterThan(MIX_FACTOR);
	});
});
