import { ConfigError } from "../config.js";
import { EmbeddedDatabaseBusyError } from "../storage/embedded-database-lock.js";

/** One or two plain sentences for a command-line failure; never a stack trace. */
export function describeFailure(err: unknown): string {
	if (err instanceof ConfigError || err instanceof EmbeddedDatabaseBusyError)
		return err.message;
	const code = (err as { code?: string }).code;
	if (code === "ECONNREFUSED") {
		return "Could not connect to the database. Check DATABASE_URL and that PostgreSQL is running.";
	}
	if (code === "3D000")
		return "The database named in DATABASE_URL does not exist. Create it first (createdb NAME).";
	// The first line that says something (Prisma's messages start with a blank line).
	const first = (err instanceof Error ? err.message : String(err))
		.split("\n")
		.map((l) => l.trim())
		.find((l) => l.length > 0);
	return `Failed: ${first}`;
}
