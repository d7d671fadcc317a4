import type { Translator } from "../text/translator.js";

/**
 * The wording of a reminder DM (the `n`th wave) in the reader's language. `closesOn` is the campaign's closing day
 * (`YYYY-MM-DD`), included in the census. `esc` makes the campaign name inert in the renderer's markup as it is put
 * in; our own wording is left as it is. Without `esc`, plain text (a notification's summary).
 */
export function reminderText(
	campaignName: string,
	closesOn: string,
	n: number,
	t: Translator,
	esc: (s: string) => string = (s) => s,
): string {
	const values = { campaign: esc(campaignName), until: t.closingDay(closesOn) };
	const opening = t.t(n <= 1 ? "reminder.first" : "reminder.later", values);
	return `${opening} ${t.t("reminder.body")}`;
}
