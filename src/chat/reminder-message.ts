import type { Translator } from "../text/translator.js";

/**
 * The wording of a reminder DM (the `n`th wave) in the reader's language. Platform-neutral plain text: every
 * renderer escapes it whole for its format. `closesOn` is the campaign's closing day (`YYYY-MM-DD`), included in
 * the census.
 */
export function reminderText(
	campaignName: string,
	closesOn: string,
	n: number,
	t: Translator,
): string {
	const values = { campaign: campaignName, until: t.closingDay(closesOn) };
	// plain text: escaped whole by each renderer.
	const opening = t.t(n <= 1 ? "reminder.first" : "reminder.later", values);
	return `${opening} ${t.t("reminder.body")}`;
}
