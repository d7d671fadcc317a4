import { formatClosingDay } from "../text/format-date.js";

/**
 * The wording of a reminder DM (the `n`th wave). Platform-neutral plain text: every renderer escapes it whole for
 * its format. `closesOn` is the campaign's closing day (`YYYY-MM-DD`), included in the census.
 */
export function reminderText(
	campaignName: string,
	closesOn: string,
	n: number,
): string {
	const until = formatClosingDay(closesOn);
	// plain text: escaped whole by each renderer.
	const first = `A reminder: ${campaignName} is open until ${until}.`;
	// plain text: escaped whole by each renderer.
	const later = `Another reminder: ${campaignName} closes at ${until}.`;
	return `${n <= 1 ? first : later} It takes under a minute and it is voluntary. Your answer is anonymous: nobody, including your manager, can see what you chose, and leaders see only totals for large groups. The totals show where people from less advantaged backgrounds are missing, so that something can be done about it. If you'd rather not hear about it again, press "Don't remind me".`;
}
