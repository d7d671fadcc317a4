/**
 * True when any of the person's platform ids, or their roster email, is in CENSUS_ADMINS (lower-cased). The email
 * is looked up only when no id matches.
 */
export async function isCensusAdmin(
	admins: readonly string[],
	ids: readonly (string | null | undefined)[],
	rosterEmail: () => Promise<string | null>,
): Promise<boolean> {
	if (ids.some((id) => id && admins.includes(id.toLowerCase()))) return true;
	const email = await rosterEmail();
	return email !== null && admins.includes(email.toLowerCase());
}
