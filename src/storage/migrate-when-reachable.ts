import type { Logger } from "pino";
import { endpointOf } from "./endpoint-of.js";
import { type MigrationResult, migrate } from "./migrator.js";

/** Errors that mean "PostgreSQL is not there yet", as opposed to a wrong password or a bad migration. */
const unreachable = new Set([
	"ECONNREFUSED",
	"ECONNRESET",
	"ETIMEDOUT",
	"EHOSTUNREACH",
	"ENETUNREACH",
	"EAI_AGAIN",
	"57P03", // the database system is starting up / shutting down
	"08001",
	"08006",
]);

function isUnreachable(err: unknown): boolean {
	const code = (err as { code?: unknown } | null)?.code;
	if (typeof code === "string" && unreachable.has(code)) return true;
	// pg reports a connection dropped mid-handshake with a plain message.
	return (
		err instanceof Error &&
		/Connection terminated|connect ECONNREFUSED/.test(err.message)
	);
}

/**
 * Migrates once PostgreSQL answers: a process started before its database (a host reboot, a managed
 * database failing over) waits, saying so every time it retries (the host and port it waits for, never
 * credentials, and how long it has waited), instead of exiting. Any other error is thrown at once.
 * Backs off from `firstDelayMs` to `maxDelayMs`.
 */
export async function migrateWhenReachable(
	databaseUrl: string,
	logger: Logger,
	opts: { firstDelayMs?: number; maxDelayMs?: number } = {},
): Promise<MigrationResult> {
	let delay = opts.firstDelayMs ?? 500;
	const maxDelay = opts.maxDelayMs ?? 5_000;
	const { host, port } = endpointOf(databaseUrl, 5432);
	const started = Date.now();
	for (let attempt = 1; ; attempt++) {
		try {
			return await migrate(databaseUrl);
		} catch (err) {
			if (!isUnreachable(err)) throw err;
			logger.warn(
				{
					host,
					port,
					attempts: attempt,
					waitedMs: Date.now() - started,
					code: (err as { code?: string }).code,
				},
				`PostgreSQL is not reachable yet; waiting for it at ${host}:${port}`,
			);
			await new Promise((r) => setTimeout(r, delay));
			delay = Math.min(maxDelay, delay * 2);
		}
	}
}
