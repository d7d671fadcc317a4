import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
	defaultReminderCadence,
	reminderWaveTimes,
} from "../../../src/domain/campaigns/reminder-cadence.js";
import { defaultWorkingHours } from "../../../src/domain/campaigns/working-hours.js";

describe("reminder cadence", () => {
	it("puts the first wave half-way, then every 4 working days, at most 3, in working hours", () => {
		// Opens Monday 2026-11-30 10:00 London, closes at the end of Monday 2026-12-28 (Europe/London = UTC in winter).
		const waves = reminderWaveTimes(
			new Date("2026-11-30T10:00:00Z"),
			new Date("2026-12-29T00:00:00Z"),
			defaultReminderCadence,
			"Europe/London",
			defaultWorkingHours,
		);
		expect(waves.map((w) => w.toISOString())).toEqual([
			// Half-way is Monday 2026-12-14 17:00: after hours, so Tuesday 09:00.
			"2026-12-15T09:00:00.000Z",
			"2026-12-21T09:00:00.000Z",
			"2026-12-25T09:00:00.000Z",
		]);
	});

	it("drops waves that would fall at or after closing, and sends none when asked for none", () => {
		const opened = new Date("2026-11-30T10:00:00Z");
		const closes = new Date("2026-12-08T00:00:00Z");
		// Half-way is Thursday 22:00: Friday 09:00; 4 working days later is after closing.
		expect(
			reminderWaveTimes(
				opened,
				closes,
				defaultReminderCadence,
				"Europe/London",
				defaultWorkingHours,
			).map((w) => w.toISOString()),
		).toEqual(["2026-12-04T09:00:00.000Z"]);
		expect(
			reminderWaveTimes(
				opened,
				closes,
				{ ...defaultReminderCadence, max: 0 },
				"Europe/London",
				defaultWorkingHours,
			),
		).toEqual([]);
	});

	it("never exceeds the maximum, never reaches closing, and is increasing", () => {
		fc.assert(
			fc.property(
				fc.date({
					min: new Date("2026-01-01T00:00:00Z"),
					max: new Date("2027-12-31T00:00:00Z"),
					noInvalidDate: true,
				}),
				fc.integer({ min: 1, max: 60 }),
				fc.integer({ min: 0, max: 5 }),
				fc.integer({ min: 1, max: 7 }),
				(opened, days, max, every) => {
					const closes = new Date(opened.getTime() + days * 86_400_000);
					const waves = reminderWaveTimes(
						opened,
						closes,
						{ firstAtFraction: 0.5, everyWorkingDays: every, max },
						"America/New_York",
						defaultWorkingHours,
					);
					expect(waves.length).toBeLessThanOrEqual(max);
					for (const [i, w] of waves.entries()) {
						expect(w.getTime()).toBeLessThan(closes.getTime());
						expect(w.getTime()).toBeGreaterThan(opened.getTime());
						if (i > 0)
							expect(w.getTime()).toBeGreaterThan(
								(waves[i - 1] as Date).getTime(),
							);
					}
				},
			),
			{ numRuns: 300 },
		);
	});
});
