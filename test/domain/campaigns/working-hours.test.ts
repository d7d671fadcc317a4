import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
	addWorkingDays,
	defaultWorkingHours,
	isValidTimeZone,
	nextWorkingInstant,
	parseWorkingHours,
} from "../../../src/domain/campaigns/working-hours.js";

const at = (iso: string) => new Date(iso);
const next = (iso: string, tz: string | null, hours = defaultWorkingHours) =>
	nextWorkingInstant(at(iso), tz, hours).toISOString();

describe("working hours", () => {
	it("parses windows and day ranges, and explains what is wrong", () => {
		expect(parseWorkingHours("09:00-17:00")).toEqual({
			ok: true,
			value: defaultWorkingHours,
		});
		expect(parseWorkingHours("08:30-16:00,mon-thu")).toEqual({
			ok: true,
			value: { start: "08:30", end: "16:00", days: [1, 2, 3, 4] },
		});
		expect(parseWorkingHours("00:00-24:00,mon-sun")).toMatchObject({
			ok: true,
			value: { days: [1, 2, 3, 4, 5, 6, 7] },
		});
		expect(parseWorkingHours("08:00-16:00,sun-thu")).toMatchObject({
			ok: true,
			value: { days: [1, 2, 3, 4, 7] },
		});
		expect(parseWorkingHours("17:00-09:00")).toMatchObject({
			ok: false,
			reason: expect.stringContaining("after the start"),
		});
		expect(parseWorkingHours("9-5")).toMatchObject({ ok: false });
		expect(parseWorkingHours("09:00-17:00,funday")).toMatchObject({
			ok: false,
			reason: expect.stringContaining("funday"),
		});
		expect(parseWorkingHours("09:00-25:00")).toMatchObject({ ok: false });
	});

	it("knows real time zones", () => {
		expect(isValidTimeZone("Asia/Kolkata")).toBe(true);
		expect(isValidTimeZone("Mars/Olympus")).toBe(false);
		expect(isValidTimeZone("")).toBe(false);
	});

	it("does not take an abbreviation for a time zone (BST would be read as Asia/Dhaka)", () => {
		for (const abbreviation of ["BST", "IST", "GMT", "EST", "CET"])
			expect(isValidTimeZone(abbreviation), abbreviation).toBe(false);
		expect(isValidTimeZone("UTC")).toBe(true);
		expect(isValidTimeZone("Etc/UTC")).toBe(true);
	});

	it("finds the next working instant in the person's own zone", () => {
		// Tuesday 2026-11-24, 00:30 UTC: not yet 09:00 in London; already working in Sydney, evening in New York.
		expect(next("2026-11-24T00:30:00Z", "Europe/London")).toBe(
			"2026-11-24T09:00:00.000Z",
		);
		expect(next("2026-11-24T00:30:00Z", "Australia/Sydney")).toBe(
			"2026-11-24T00:30:00.000Z",
		);
		expect(next("2026-11-24T00:30:00Z", "America/New_York")).toBe(
			"2026-11-24T14:00:00.000Z",
		);
		// Half-hour and quarter-hour zones.
		expect(next("2026-11-24T00:00:00Z", "Asia/Kolkata")).toBe(
			"2026-11-24T03:30:00.000Z",
		);
		expect(next("2026-11-24T00:00:00Z", "Asia/Kathmandu")).toBe(
			"2026-11-24T03:15:00.000Z",
		);
		// Friday evening in London waits for Monday morning; no zone means the organisation's.
		expect(next("2026-11-27T17:00:00Z", null)).toBe("2026-11-30T09:00:00.000Z");
		expect(next("2026-11-27T17:00:00Z", "Not/AZone")).toBe(
			"2026-11-30T09:00:00.000Z",
		);
	});

	it("follows daylight saving changes", () => {
		// London springs forward on Sunday 2027-03-28: Monday 09:00 is 08:00 UTC, the Friday before 09:00 UTC.
		expect(next("2027-03-26T18:00:00Z", "Europe/London")).toBe(
			"2027-03-29T08:00:00.000Z",
		);
		// and falls back on Sunday 2026-10-25.
		expect(next("2026-10-23T18:00:00Z", "Europe/London")).toBe(
			"2026-10-26T09:00:00.000Z",
		);
		// New York's spring change (2027-03-14) comes two weeks before London's.
		expect(next("2027-03-13T12:00:00Z", "America/New_York")).toBe(
			"2027-03-15T13:00:00.000Z",
		);
		// Adelaide (+10:30 in summer) starts summer time on Sunday 2026-10-04.
		expect(next("2026-10-03T00:00:00Z", "Australia/Adelaide")).toBe(
			"2026-10-04T22:30:00.000Z",
		);
		// A window starting inside the spring-forward gap (01:30 does not exist that night in London) opens as
		// clocks do: shifted forward by the gap, at 02:30 BST.
		const night = { start: "01:30", end: "05:00", days: [7] };
		expect(next("2027-03-28T00:00:00Z", "Europe/London", night)).toBe(
			"2027-03-28T01:30:00.000Z",
		);
	});

	it("counts working days, skipping weekends", () => {
		// Thursday 10:00 London + 4 working days = Wednesday 10:00.
		expect(
			addWorkingDays(
				at("2026-11-26T10:00:00Z"),
				4,
				"Europe/London",
				defaultWorkingHours,
			).toISOString(),
		).toBe("2026-12-02T10:00:00.000Z");
	});

	it("always lands inside working hours, at or after the given instant, and is stable", () => {
		const zones = [
			"Europe/London",
			"America/New_York",
			"Asia/Kolkata",
			"Australia/Adelaide",
			"Pacific/Chatham",
			"America/St_Johns",
		];
		fc.assert(
			fc.property(
				fc.date({
					min: new Date("2026-01-01T00:00:00Z"),
					max: new Date("2028-12-31T00:00:00Z"),
					noInvalidDate: true,
				}),
				fc.constantFrom(...zones),
				fc.constantFrom(
					"09:00-17:00",
					"08:30-12:15,tue-sat",
					"22:00-24:00,sun",
				),
				(when, tz, text) => {
					const parsed = parseWorkingHours(text);
					if (!parsed.ok) throw new Error(parsed.reason);
					const hours = parsed.value;
					const found = nextWorkingInstant(when, tz, hours);
					expect(found.getTime()).toBeGreaterThanOrEqual(when.getTime());
					expect(found.getTime() - when.getTime()).toBeLessThanOrEqual(
						8 * 86_400_000,
					);
					expect(nextWorkingInstant(found, tz, hours).getTime()).toBe(
						found.getTime(),
					);
					const parts = new Intl.DateTimeFormat("en-GB", {
						timeZone: tz,
						weekday: "short",
						hour: "2-digit",
						minute: "2-digit",
						hourCycle: "h23",
					}).formatToParts(found);
					const get = (t: string) =>
						parts.find((p) => p.type === t)?.value ?? "";
					const hhmm = `${get("hour")}:${get("minute")}`;
					const day =
						["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(
							get("weekday"),
						) + 1;
					expect(hours.days).toContain(day);
					expect(hhmm >= hours.start || hhmm < "00:00").toBe(true);
					expect(hhmm < hours.end).toBe(true);
				},
			),
			{ numRuns: 400 },
		);
	});
});
