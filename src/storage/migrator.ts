import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** The folder holding `prisma/migrations/<name>/migration.sql`. */
export const migrationsDir = fileURLToPath(
	new URL("../../prisma/migrations", import.meta.url),
);

/** Outcome of a migration run. */
export type MigrationResult = { applied: string[]; alreadyApplied: number };

type Migration = { name: string; sql: string; checksum: string };

async function readMigrations(dir: string): Promise<Migration[]> {
	const entries = await readdir(dir, { withFileTypes: true });
	const names = entries
		.filter((e) => e.isDirectory())
		.map((e) => e.name)
		.sort();
	return Promise.all(
		names.map(async (name) => {
			const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
			return {
				name,
				sql,
				checksum: createHash("sha256").update(sql).digest("hex"),
			};
		}),
	);
}

/**
 * Applies the SQL migrations in name order, each in its own transaction, recording them in
 * `_census_migrations`. An advisory lock lets several processes start at once safely.
 * A changed, already-applied migration is an error: history is never rewritten.
 */
export async function migrate(
	databaseUrl: string,
	dir = migrationsDir,
): Promise<MigrationResult> {
	const migrations = await readMigrations(dir);
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	try {
		await client.query("select pg_advisory_lock(727271)");
		await client.query(
			`create table if not exists _census_migrations (
				name text primary key,
				checksum text not null,
				applied_at timestamptz not null default now()
			)`,
		);
		const { rows } = await client.query<{ name: string; checksum: string }>(
			"select name, checksum from _census_migrations",
		);
		const done = new Map(rows.map((r) => [r.name, r.checksum]));
		const applied: string[] = [];
		for (const m of migrations) {
			const previous = done.get(m.name);
			if (previous !== undefined) {
				if (previous !== m.checksum) {
					throw new Error(
						`Migration ${m.name} was changed after it was applied; add a new migration instead`,
					);
				}
				continue;
			}
			await client.query("begin");
			try {
				await client.query(m.sql);
				await client.query(
					"insert into _census_migrations (name, checksum) values ($1, $2)",
					[m.name, m.checksum],
				);
				await client.query("commit");
			} catch (err) {
				await client.query("rollback");
				throw err;
			}
			applied.push(m.name);
		}
		return { applied, alreadyApplied: migrations.length - applied.length };
	} finally {
		await client
			.query("select pg_advisory_unlock(727271)")
			.catch(() => undefined);
		await client.end();
	}
}
