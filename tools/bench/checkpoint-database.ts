import pg from "pg";

let refused = false;

/**
 * Writes every dirty page to disk (`CHECKPOINT`), untimed, before a timed step: each case starts on a database whose
 * earlier work is on disk, so a million-row load in one case is not paid for by the checkpoint that falls in the
 * next (at PostgreSQL's default 1 GB of WAL, the million-person steps request checkpoints well after they end).
 * `CHECKPOINT` needs a superuser or `pg_checkpoint`: without, the bench says so once and goes on without it.
 */
export async function checkpointDatabase(databaseUrl: string): Promise<void> {
	if (refused) return;
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	try {
		await client.query("checkpoint");
	} catch (err) {
		refused = true;
		process.stderr.write(
			`CHECKPOINT refused (${(err as Error).message}): cases may pay for earlier cases' writes\n`,
		);
	} finally {
		await client.end();
	}
}
