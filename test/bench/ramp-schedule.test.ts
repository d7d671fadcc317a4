import { describe, expect, it } from "vitest";
import { rampSchedule } from "../../tools/bench/ramp-schedule.js";

describe("the bench's ramped send schedule", () => {
	it("without a ramp, sends at the rate from the start", () => {
		const s = rampSchedule(200, 0);
		expect(s.rampSends).toBe(0);
		expect([0, 1, 200].map((i) => s.offsetMs(i))).toEqual([0, 5, 1000]);
	});

	it("climbs to the rate over the ramp, then holds it, with no jump in between", () => {
		const s = rampSchedule(300, 4);
		expect(s.rampSends).toBe(600);
		// Half the ramp's sends come in its last ~30%: the rate grows linearly.
		expect(s.offsetMs(300)).toBeCloseTo(1000 * Math.sqrt(8), 5);
		expect(s.offsetMs(600)).toBeCloseTo(4000, 5);
		expect(s.offsetMs(900)).toBeCloseTo(5000, 5);
		const gapAtEnd = s.offsetMs(600) - s.offsetMs(599);
		expect(gapAtEnd).toBeGreaterThan(1000 / 300);
		expect(gapAtEnd).toBeLessThan(1.01 * (1000 / 300));
		for (let i = 1; i < 1200; i++)
			expect(s.offsetMs(i)).toBeGreaterThan(s.offsetMs(i - 1));
	});
});
