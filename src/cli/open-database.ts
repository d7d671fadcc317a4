import path from "node:path";
import type { Config } from "../config.js";
import { startEmbeddedDatabase } from "../storage/embedded-database.js";
import { migrate } from "../storage/migrator.js";

/** A migrated database for a command-line tool: DATABASE_URL, or the embedded one under the data folder. */
export async function openDatabase(
	config: Config,
): Promise<{ url: string; close(): Promise<void> }> {
	if (config.databaseUrl) {
		await migrate(config.databaseUrl);
		return { url: config.databaseUrl, close: async () => undefined };
	}
	const embedded = await startEmbeddedDatabase({
		dataDir: path.join(config.dataDir, "pglite"),
	});
	try {
		await migrate(embedded.url);
	} catch (err) {
		await embedded.stop();
		throw err;
	}
	return { url: embedded.url, close: () => embedded.stop() };
}
