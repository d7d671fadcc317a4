/** TEMPORARY placeholder. */
import { nextWorkingInstant, type WorkingHours } from "./working-hours.js";
export function reminderWaveTimes(
	openedAt: Date,
	closesAt: Date,
	cadence: { firstAtFraction: number; everyWorkingDays: number; max: number },
	timeZone: string,
	hours: WorkingHours,
): Date[] {
	const out: Date[] = [];
	let t = nextWorkingInstant(
		new Date(
			openedAt.getTime() +
				(closesAt.getTime() - openedAt.getTime()) * cadence.firstAtFraction,
		),
		timeZone,
		hours,
	);
	while (out.length < cadence.max && t < closesAt) {
		out.push(t);
		t = nextWorkingInstant(
			new Date(t.getTime() + cadence.everyWorkingDays * 86_400_000),
			timeZone,
			hours,
		);
	}
	return out;
}
