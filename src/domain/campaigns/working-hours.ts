import { timeZoneProblem } from "./time-zone-problem.js";
/** When messages may reach people: a daily window on some weekdays, in each person's own time zone. */
export type WorkingHours = {
	/** Local start time, "HH:MM" (inclusive). */
	start: string;
	/** Local end time, "HH:MM" (exclusive); "24:00" for the end of the day. */
	end: string;
	/** ISO weekdays: 1 = Monday … 7 = Sunday. */
	days: number[];
};

/** Monday to Friday, 09:00 to 17:00. */
export const defaultWorkingHours: WorkingHours = {
	start: "09:00",
	end: "17:00",
	days: [1, 2, 3, 4, 5],
};

/** The organisation's time zone when neither the person nor the campaign gives one. */
export const organisationTimeZone = "Europe/London";

const dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const minutesOf = (hhmm: string) =>
	Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Why working hours are not accepted, for each language to say (`reason` says it in English): not a time range,
 * a time past 24:00, an end not after the start, or a word that is not a day; `given` is the part quoted.
 */
export type WorkingHoursIssue =
	| { code: "format" | "days"; given: string }
	| { code: "times" | "order" };

/**
 * Parses `09:00-17:00`, `08:30-16:00,mon-thu` or `00:00-24:00,mon-sun` (days default to Monday to Friday; a
 * range may wrap, e.g. `sun-thu`; single days and lists work too: `mon,wed,fri`).
 */
export function parseWorkingHours(
	text: string,
):
	| { ok: true; value: WorkingHours }
	| { ok: false; reason: string; issue: WorkingHoursIssue } {
	const [range = "", ...dayParts] = text.trim().toLowerCase().split(",");
	const m = /^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/.exec(range);
	if (!m)
		return {
			ok: false,
			reason: `"${text}" is not like 09:00-17:00 or 09:00-17:00,mon-fri`,
			issue: { code: "format", given: text },
		};
	const start = `${m[1]}:${m[2]}`;
	const end = `${m[3]}:${m[4]}`;
	if (minutesOf(start) >= 24 * 60 || minutesOf(end) > 24 * 60)
		return {
			ok: false,
			reason: "times must be between 00:00 and 24:00",
			issue: { code: "times" },
		};
	if (minutesOf(end) <= minutesOf(start))
		return {
			ok: false,
			reason: "the end time must be after the start time",
			issue: { code: "order" },
		};
	const days = new Set<number>();
	for (const part of dayParts.length > 0 ? dayParts : ["mon-fri"]) {
		const [from = "", to = from] = part.trim().split("-");
		const a = dayNames.indexOf(from);
		const b = dayNames.indexOf(to);
		if (a < 0 || b < 0)
			return {
				ok: false,
				reason: `"${part}" is not a day or range of days like mon-fri`,
				issue: { code: "days", given: part },
			};
		for (let d = a; ; d = (d + 1) % 7) {
			days.add(d + 1);
			if (d === b) break;
		}
	}
	return {
		ok: true,
		value: { start, end, days: [...days].sort((x, y) => x - y) },
	};
}

/** Whether `tz` is an IANA time zone name this runtime knows (abbreviations such as BST are not). */
export function isValidTimeZone(tz: string): boolean {
	return timeZoneProblem(tz) === null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
	let f = formatters.get(tz);
	if (!f) {
		f = new Intl.DateTimeFormat("en-GB", {
			timeZone: tz,
			weekday: "short",
			year: "numeric",
			month: "2-digit",
			day: "2-digit",
			hour: "2-digit",
			minute: "2-digit",
			second: "2-digit",
			hourCycle: "h23",
		});
		formatters.set(tz, f);
	}
	return f;
}

const weekdays: Record<string, number> = {
	Mon: 1,
	Tue: 2,
	Wed: 3,
	Thu: 4,
	Fri: 5,
	Sat: 6,
	Sun: 7,
};

/** The local calendar fields of an instant in a time zone. */
function localParts(at: Date, tz: string) {
	const parts: Record<string, string> = {};
	for (const p of formatterFor(tz).formatToParts(at)) parts[p.type] = p.value;
	return {
		weekday: weekdays[parts.weekday ?? ""] ?? 1,
		minutes: Number(parts.hour) * 60 + Number(parts.minute),
		seconds: Number(parts.second),
		/** The same local wall-clock time read as if it were UTC. */
		wallAsUtc: Date.UTC(
			Number(parts.year),
			Number(parts.month) - 1,
			Number(parts.day),
			Number(parts.hour),
			Number(parts.minute),
			Number(parts.second),
		),
	};
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(at: Date, tz: string): number {
	const whole = Math.floor(at.getTime() / 1000) * 1000;
	return localParts(new Date(whole), tz).wallAsUtc - whole;
}

/**
 * The instant a local wall-clock time (given as if UTC) happens in a zone. A time in a spring-forward gap is
 * shifted forward by the gap, as clocks do (01:30 becomes 02:30); in an autumn overlap it takes the first of the two.
 */
function instantOfWallTime(wallAsUtc: number, tz: string): Date {
	const guess = wallAsUtc - offsetAt(new Date(wallAsUtc), tz);
	const second = wallAsUtc - offsetAt(new Date(guess), tz);
	const candidates = [guess, second].sort((a, b) => a - b);
	for (const c of candidates)
		if (localParts(new Date(c), tz).wallAsUtc === wallAsUtc) return new Date(c);
	// In a gap: the wall time never happens; read it with the offset from before the gap.
	return new Date(Math.max(...candidates));
}

function zoneOrDefault(timeZone: string | null): string {
	return timeZone && isValidTimeZone(timeZone)
		? timeZone
		: organisationTimeZone;
}

/** The earliest instant at or after `at` inside the working hours of someone in `timeZone`. */
export function nextWorkingInstant(
	at: Date,
	timeZone: string | null,
	hours: WorkingHours,
): Date {
	const tz = zoneOrDefault(timeZone);
	const start = minutesOf(hours.start);
	const end = minutesOf(hours.end);
	const local = localParts(at, tz);
	if (
		hours.days.includes(local.weekday) &&
		local.minutes >= start &&
		local.minutes < end
	)
		return at;
	const midnight =
		local.wallAsUtc - (local.minutes * 60 + local.seconds) * 1000;
	for (let d = 0; d <= 7; d++) {
		const weekday = ((local.weekday - 1 + d) % 7) + 1;
		if (!hours.days.includes(weekday)) continue;
		if (d === 0 && local.minutes >= start) continue;
		const candidate = instantOfWallTime(
			midnight + d * 86_400_000 + start * 60_000,
			tz,
		);
		if (candidate.getTime() >= at.getTime()) return candidate;
	}
	return at;
}

/** `n` working days after `at`, at the same local time, moved into working hours if need be. */
export function addWorkingDays(
	at: Date,
	n: number,
	timeZone: string | null,
	hours: WorkingHours,
): Date {
	const tz = zoneOrDefault(timeZone);
	const local = localParts(at, tz);
	const timeOfDay = (local.minutes * 60 + local.seconds) * 1000;
	let day = local.wallAsUtc - timeOfDay;
	let weekday = local.weekday;
	for (let left = n; left > 0; ) {
		day += 86_400_000;
		weekday = (weekday % 7) + 1;
		if (hours.days.includes(weekday)) left--;
	}
	return nextWorkingInstant(instantOfWallTime(day + timeOfDay, tz), tz, hours);
}
