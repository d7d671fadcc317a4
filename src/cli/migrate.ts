import { loadMigrationTarget } from "../config.js";
import { loadEnvFile } from "../env-file.js";
import { createLogger } from "../logger.js";
import { startEmbeddedDatabase } from "../storage/embedded-database.js";
import { migrateWhenReachable } from "../storage/migrate-when-reachable.js";
import { describeFailure } from "./describe-failure.js";

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
async function main(): Promise<number> {
	loadEnvFile();
	const config = loadMigrationTarget();
	const embedded = config.databaseUrl
		? undefined
		: await startEmbeddedDatabase({ dataDir: `${config.dataDir}/pglite` });
	try {
		// A migration job may start before its database: it waits, saying where and for how long.
		const result = await migrateWhenReachable(
			config.databaseUrl ?? (embedded?.url as string),
			createLogger("info"),
		);
		process.stdout.write(
			result.applied.length === 0
				? `The database is up to date (${result.alreadyApplied} migrations).\n`
				: `Applied ${result.applied.length} migration(s): ${result.applied.join(", ")}.\n`,
		);
		return 0;
	} finally {
		await embedded?.stop();
	}
}

main().then(
	(code) => process.exit(code),
	(err: unknown) => {
		process.stderr.write(`${describeFailure(err)}\n`);
		process.exit(1);
	},
);
