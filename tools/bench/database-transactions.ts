import type pg from "pg";

/**
 * How long a connection may hold its counts before publishing them: a busy one publishes at most once a second, an
 * idle one within ten seconds (PostgreSQL 15's PGSTAT_IDLE_INTERVAL). Wait this long before a final reading.
 */
export const statisticsLagMs = 11_000;

/**
 * Transactions committed and rolled back so far in the database `sql` is connected to, from PostgreSQL's
 * statistics: each statement outside a transaction is one. A load-independent count of an app's database work;
 * other connections' latest work shows only after `statisticsLagMs`.
 */
export async function databaseTransactions(
	sql: Pick<pg.Client, "query">,
): Promise<number> {
	// Statistics are read once per transaction and kept: clear them, so this reading is fresh.
	await sql.query("select pg_stat_clear_snapshot()");
	const { rows } = await sql.query<{ n: string }>(
		"select (xact_commit + xact_rollback)::text as n from pg_stat_database where datname = current_database()",
	);
	return Number(rows[0]?.n ?? Number.NaN);
}

/** Transactions per item between two `databaseTransactions` readings, to one decimal. */
export function transactionsPer(
	before: number,
	after: number,
	items: number,
): number {
	return items > 0 ? Math.round(((after - before) * 10) / items) / 10 : -1;
}
