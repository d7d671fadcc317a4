import type pg from "pg";
import { waitFor } from "../../../src/sim/wait-for.js";

/**
 * Waits until no other session runs anything in `db`'s database: no shuffle, vacuum or close still
 * working (the close's VACUUM FULL runs after the report is out).
 */
export async function waitUntilIdle(
	db: pg.Client,
	what: string,
): Promise<void> {
	await waitFor(
		async () => {
			const { rows } = await db.query(
				`select count(*)::int as busy from pg_stat_activity
				 where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`,
			);
			return rows[0].busy === 0 ? true : undefined;
		},
		60_000,
		what,
	);
}
