/** TEMPORARY placeholder. */
export function reminderText(
	campaignName: string,
	closesOn: string,
	n: number,
): string {
	return `Reminder ${n}: ${campaignName} is open until ${closesOn}. It takes under a minute and your answer is anonymous. Press "Don't remind me" to stop reminders.`;
}
