/**
 * Dates as a reader says them ("18 December 2026"), from the calendar dates (`YYYY-MM-DD`) campaigns carry. The one
 * place dates are formatted, in the reader's locale.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(
	locale: string,
	options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
	const key = `${locale}|${JSON.stringify(options)}`;
	let f = formats.get(key);
	if (!f) {
		// A calendar date names a day, not an instant: read and print it in UTC so no zone shifts it.
		f = new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" });
		formats.set(key, f);
	}
	return f;
}

function dayOf(isoDate: string): Date | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
	if (!m) return null;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return Number.isNaN(d.getTime()) ? null : d;
}

/** `2026-12-18` → "18 December 2026" (en-GB). Anything that is not a calendar date is returned as it is. */
export function formatDate(isoDate: string, locale = "en-GB"): string {
	const d = dayOf(isoDate);
	return d
		? formatFor(locale, {
				day: "numeric",
				month: "long",
				year: "numeric",
			}).format(d)
		: isoDate;
}

/**
 * A day with its weekday, in `locale`: `2026-12-18` → "Friday 18 December 2026" (en-GB), "Dydd Gwener 18 Rhagfyr
 * 2026" (cy). Anything that is not a calendar date is returned as it is.
 */
export function formatDay(isoDate: string, locale = "en-GB"): string {
	const d = dayOf(isoDate);
	if (!d) return isoDate;
	// en-GB puts a comma after the weekday ("Friday, 18 December"); UK style writes "Friday 18 December".
	return formatFor(locale, {
		weekday: "long",
		day: "numeric",
		month: "long",
		year: "numeric",
	})
		.formatToParts(d)
		.map((p, i, all) =>
			p.type === "literal" && all[i - 1]?.type === "weekday" ? " " : p.value,
		)
		.join("");
}

/**
 * The closing day of a campaign in English, said so that it is clear the day is included: `2026-12-18` → "the end
 * of Friday 18 December 2026". Messages to employees say it in their language (`Translator.closingDay`).
 */
export function formatClosingDay(isoDate: string): string {
	return dayOf(isoDate) ? `the end of ${formatDay(isoDate)}` : isoDate;
}
