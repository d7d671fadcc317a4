import { describe, expect, it } from "vitest";
import { formatClosingDay, formatDate } from "../../src/text/format-date.js";

describe("formatDate", () => {
	it("writes a calendar date as UK readers say it", () => {
		expect(formatDate("2026-12-18")).toBe("18 December 2026");
		expect(formatDate("2027-01-01")).toBe("1 January 2027");
	});

	it("does not shift the day in any time zone (the date names a day, not an instant)", () => {
		// 2026-03-29 is the day UK clocks go forward; a local-midnight reading would land on the 28th in UTC-n zones.
		expect(formatDate("2026-03-29")).toBe("29 March 2026");
	});

	it("returns anything that is not a calendar date unchanged", () => {
		expect(formatDate("soon")).toBe("soon");
	});
});

describe("formatClosingDay", () => {
	it("says the closing day is included, with its weekday and no comma", () => {
		expect(formatClosingDay("2026-12-18")).toBe(
			"the end of Friday 18 December 2026",
		);
	});
});
