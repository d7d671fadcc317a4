import {
	nextWorkingInstant,
	type WorkingHours,
} from "../campaigns/working-hours.js";

/**
 * A person's Do Not Disturb settings as the platform reports them: a scheduled window (the next one, or the
 * current one while it lasts) and, when the platform says so, a snooze the person started themselves.
 */
export type DoNotDisturb = {
	/** Whether the person's Do Not Disturb schedule is on. */
	scheduleEnabled: boolean;
	/** Start and end of the next (or current) scheduled window. */
	nextStart: Date | null;
	nextEnd: Date | null;
	/** End of a snooze in progress, if any. */
	snoozeEnd: Date | null;
};

/** When someone's Do Not Disturb ends, if they are in it at `now`; null when they may be messaged now. */
export function doNotDisturbEnd(now: Date, dnd: DoNotDisturb): Date | null {
	const t = now.getTime();
	let end: number | null = null;
	if (dnd.snoozeEnd && dnd.snoozeEnd.getTime() > t)
		end = dnd.snoozeEnd.getTime();
	if (
		dnd.scheduleEnabled &&
		dnd.nextStart &&
		dnd.nextEnd &&
		dnd.nextStart.getTime() <= t &&
		dnd.nextEnd.getTime() > t
	)
		end = Math.max(end ?? 0, dnd.nextEnd.getTime());
	return end === null ? null : new Date(end);
}

/**
 * Until when a message to someone must wait because of Do Not Disturb: the end of their Do Not Disturb, moved
 * into their working hours if it ends outside them; null when it may go now. Posts to channels never wait.
 */
export function holdForDoNotDisturb(
	now: Date,
	dnd: DoNotDisturb,
	timeZone: string | null,
	hours: WorkingHours,
): Date | null {
	const end = doNotDisturbEnd(now, dnd);
	return end ? nextWorkingInstant(end, timeZone, hours) : null;
}
