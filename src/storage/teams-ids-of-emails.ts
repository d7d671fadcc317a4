import type pg from "pg";

/** The Teams user ids the roster gives the active people with these (lower-cased) emails, where it has one. */
export async function teamsIdsOfEmails(
	db: Pick<pg.Pool, "query">,
	emails: readonly string[],
): Promise<string[]> {
	if (emails.length === 0) return [];
	const { rows } = await db.query<{ id: string }>(
		`select teams_user_id as id from employee
		 where active and lower(email) = any($1::text[]) and teams_user_id is not null`,
		[emails],
	);
	return rows.map((r) => r.id);
}
