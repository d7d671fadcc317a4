import {
	addWorkingDays,
	nextWorkingInstant,
	type WorkingHours,
} from "./working-hours.js";

/** When reminder waves fall: the first part-way through, then every few working days, at most `max`. */
export type ReminderCadence = {
	/** Where the first wave falls between opening and closing (0.5 = half-way). */
	firstAtFraction: number;
	everyWorkingDays: number;
	max: number;
};

/** First half-way, then every 4 working days, at most 3. */
export const defaultReminderCadence: ReminderCadence = {
	firstAtFraction: 0.5,
	everyWorkingDays: 4,
	max: 3,
};

/**
 * The times reminder waves become due, in the organisation's working hours, never at or after closing. Each
 * recipient's own hours are applied when their reminder is queued.
 */
export function reminderWaveTimes(
	openedAt: Date,
	closesAt: Date,
	cadence: ReminderCadence,
	timeZone: string,
	hours: WorkingHours,
): Date[] {
	const waves: Date[] = [];
	if (cadence.max <= 0 || closesAt.getTime() <= openedAt.getTime())
		return waves;
	let at = nextWorkingInstant(
		new Date(
			openedAt.getTime() +
				(closesAt.getTime() - openedAt.getTime()) * cadence.firstAtFraction,
		),
		timeZone,
		hours,
	);
	while (waves.length < cadence.max && at.getTime() < closesAt.getTime()) {
		waves.push(at);
		at = addWorkingDays(at, cadence.everyWorkingDays, timeZone, hours);
	}
	return waves;
}
