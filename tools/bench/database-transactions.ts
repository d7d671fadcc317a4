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

/**
 * `databaseTransactions` once every other client has left the database `sql` is connected to: a connection
 * publishes its counts when it closes, so this reading has all of theirs without waiting `statisticsLagMs`.
 * Waits at most `timeoutMs` for them to leave, then `statisticsLagMs` as well, for whoever stayed.
 */
export async function transactionsOnceAlone(
	sql: Pick<pg.Client, "query">,
	timeoutMs = 30_000,
): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const { rows } = await sql.query<{ n: number }>(
			`select count(*)::int as n from pg_stat_activity
			 where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()`,
		);
		if (rows[0]?.n === 0) break;
		if (Date.now() > deadline) {
			await new Promise((r) => setTimeout(r, statisticsLagMs));
			break;
		}
		await new Promise((r) => setTimeout(r, 50));
	}
	return databaseTransactions(sql);
}

/** Transactions per item between two `databaseTransactions` readings, to one decimal. */
export function transactionsPer(
	before: number,
	after: number,
	items: number,
): number {
	return items > 0 ? Math.round(((after - before) * 10) / items) / 10 : -1;
}
