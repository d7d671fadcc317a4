import { describe, expect, it } from "vitest";
import { ClockOffset } from "../../src/jobs/clock-offset.js";

describe("ClockOffset", () => {
	it("takes the least delayed reply's offset, so a late one moves nothing", () => {
		const offset = new ClockOffset(10_000);
		// The other clock is 500 ms behind; replies are read 1, 0.3 and 40 ms after they were stamped.
		expect(offset.observe(1_000, 499)).toBe(501);
		expect(offset.observe(2_000, 1_499.7)).toBeCloseTo(500.3, 6);
		expect(offset.observe(3_000, 2_460)).toBeCloseTo(500.3, 6);
	});

	it("follows a clock that is stepped, within two windows", () => {
		const offset = new ClockOffset(1_000);
		expect(offset.observe(0, -100)).toBe(100);
		// This clock jumps 50 ms ahead: the old, smaller estimate stands while its window is remembered...
		expect(offset.observe(500, 350)).toBe(100);
		expect(offset.observe(1_200, 1_050)).toBe(100);
		// ...and is forgotten after the next.
		expect(offset.observe(2_300, 2_150)).toBe(150);
	});
});
