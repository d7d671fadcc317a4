/** TEMPORARY (lead's placeholder until the scheduling helper's module lands). */
export type WorkingHours = { start: string; end: string; days: number[] };
export const defaultWorkingHours: WorkingHours = {
	start: "09:00",
	end: "17:00",
	days: [1, 2, 3, 4, 5],
};
export const organisationTimeZone = "Europe/London";
const dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
export function parseWorkingHours(
	text: string,
): { ok: true; value: WorkingHours } | { ok: false; reason: string } {
	const m = /^(\d\d:\d\d)-(\d\d:\d\d)(?:,(\w{3})-(\w{3}))?$/.exec(text);
	if (!m) return { ok: false, reason: "use e.g. 09:00-17:00,mon-fri" };
	const a = dayNames.indexOf(m[3] ?? "mon");
	const b = dayNames.indexOf(m[4] ?? "fri");
	const days: number[] = [];
	for (let d = a; d <= b; d++) days.push(d + 1);
	return { ok: true, value: { start: m[1] ?? "", end: m[2] ?? "", days } };
}
export function isValidTimeZone(tz: string): boolean {
	try {
		new Intl.DateTimeFormat("en", { timeZone: tz });
		return true;
	} catch {
		return false;
	}
}
function local(at: Date, tz: string) {
	const parts = new Intl.DateTimeFormat("en-GB", {
		timeZone: tz,
		weekday: "short",
		hour: "2-digit",
		minute: "2-digit",
		hourCycle: "h23",
	}).formatToParts(at);
	const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
	return {
		day: dayNames.indexOf(get("weekday").toLowerCase()) + 1,
		time: `${get("hour")}:${get("minute")}`,
	};
}
export function nextWorkingInstant(
	at: Date,
	timeZone: string | null,
	hours: WorkingHours,
): Date {
	const tz =
		timeZone && isValidTimeZone(timeZone) ? timeZone : organisationTimeZone;
	let t = new Date(at);
	for (let i = 0; i < 8 * 96; i++) {
		const l = local(t, tz);
		if (
			hours.days.includes(l.day) &&
			l.time >= hours.start &&
			l.time < hours.end
		)
			return t;
		t = new Date(Math.floor(t.getTime() / 900_000) * 900_000 + 900_000);
	}
	return at;
}
