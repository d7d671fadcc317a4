/** The wording of a reminder DM (the `n`th wave). */
export function reminderText(
	campaignName: string,
	closesOn: string,
	n: number,
): string {
	const lead =
		n <= 1
			? `A reminder: ${campaignName} is open until ${closesOn}.`
			: `Another reminder: ${campaignName} closes on ${closesOn}.`;
	return `${lead} It takes under a minute, and your answer is anonymous: nobody can see what you chose. If you'd rather not hear about it again, press "Don't remind me".`;
}
