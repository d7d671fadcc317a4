import type { SyntheticEmployee } from "../../src/demo/synthetic-organisation.js";

type Sql = { query(text: string, values: unknown[]): Promise<unknown> };

/**
 * Puts synthetic people straight on the roster, with their id on one platform (a bench shortcut for a roster
 * import: one statement for thousands of people).
 */
export async function seedEmployees(
	sql: Sql,
	people: readonly SyntheticEmployee[],
	platform: "slack" | "teams" = "slack",
): Promise<void> {
	const idColumn = platform === "slack" ? "slack_user_id" : "teams_user_id";
	await sql.query(
		`insert into employee (id, email, department, grade, ${idColumn}, updated_at)
		 select gen_random_uuid(), e, d, g, p, now()
		 from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as t(e, d, g, p)`,
		[
			people.map((p) => p.email),
			people.map((p) => p.department),
			people.map((p) => p.grade),
			people.map((p) => (platform === "slack" ? p.slackUserId : p.teamsUserId)),
		],
	);
}
