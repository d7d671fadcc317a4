/**
 * The wording of a reminder DM (the `n`th wave). Platform-neutral plain text: every renderer escapes it whole for
 * its format.
 */
export function reminderText(
	campaignName: string,
	closesOn: string,
	n: number,
): string {
	// plain text: escaped whole by each renderer.
	const first = `A reminder: ${campaignName} is open until ${closesOn}.`;
	// plain text: escaped whole by each renderer.
	const later = `Another reminder: ${campaignName} closes on ${closesOn}.`;
	return `${n <= 1 ? first : later} It takes under a minute, and your answer is anonymous: nobody can see what you chose. If you'd rather not hear about it again, press "Don't remind me".`;
}
