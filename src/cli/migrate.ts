import { loadConfig } from "../config.js";
import { loadEnvFile } from "../env-file.js";
import { startEmbeddedDatabase } from "../storage/embedded-database.js";
import { migrate } from "../storage/migrator.js";
import { describeFailure } from "./describe-failure.js";

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
async function main(): Promise<number> {
	loadEnvFile();
	const config = loadConfig();
	const embedded = config.databaseUrl
		? undefined
		: await startEmbeddedDatabase({ dataDir: `${config.dataDir}/pglite` });
	try {
		const result = await migrate(
			config.databaseUrl ?? (embedded?.url as string),
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
