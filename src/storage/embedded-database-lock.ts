import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** Raised when another process already has the embedded database open. */
export class EmbeddedDatabaseBusyError extends Error {
	override name = "EmbeddedDatabaseBusyError";
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as { code?: string }).code === "EPERM";
	}
}

/**
 * Takes the data folder for this process. PGlite is single-process: a second process opening the
 * same folder (say `npm run roster` while `npm start` runs) would corrupt it. A stale lock from a
 * process that no longer exists is taken over. Returns the release function.
 */
export async function lockDataDir(
	dataDir: string,
): Promise<() => Promise<void>> {
	const file = path.join(dataDir, "census.lock");
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			await writeFile(file, String(process.pid), { flag: "wx" });
			return () => rm(file, { force: true });
		} catch (err) {
			if ((err as { code?: string }).code !== "EEXIST") throw err;
			const owner = Number(
				(await readFile(file, "utf8").catch(() => "")).trim(),
			);
			if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
				throw new EmbeddedDatabaseBusyError(
					`The embedded database in ${dataDir} is in use by process ${owner} (is \`npm start\` running?). Stop it first, or set DATABASE_URL to a PostgreSQL server that several processes can share.`,
				);
			}
			await rm(file, { force: true });
		}
	}
	throw new EmbeddedDatabaseBusyError(`Could not lock ${dataDir}`);
}
