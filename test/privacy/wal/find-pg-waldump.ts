import { execFile } from "node:child_process";
import { access, constants, readdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

async function executable(file: string): Promise<boolean> {
	return access(file, constants.X_OK).then(
		() => true,
		() => false,
	);
}

/**
 * Finds `pg_waldump` for the server's major version: in `pg_config --bindir`, else in
 * `/usr/lib/postgresql/<major>/bin` (Debian's layout). Throws, saying where it looked, when
 * there is none: the WAL attack is never skipped for want of its tool.
 */
export async function findPgWaldump(serverMajor: number): Promise<string> {
	const tried: string[] = [];
	const bindir = await run("pg_config", ["--bindir"]).then(
		(r) => r.stdout.trim(),
		() => undefined,
	);
	const candidates = [
		...(bindir ? [path.join(bindir, "pg_waldump")] : []),
		`/usr/lib/postgresql/${serverMajor}/bin/pg_waldump`,
	];
	for (const file of candidates) {
		tried.push(file);
		if (!(await executable(file))) continue;
		const { stdout } = await run(file, ["--version"]);
		const major = Number(/(\d+)(?:\.\d+)?/.exec(stdout)?.[1]);
		if (major === serverMajor) return file;
		tried.push(`(${file} is version ${major}, the server is ${serverMajor})`);
	}
	const installed = await readdir("/usr/lib/postgresql").catch(() => []);
	throw new Error(
		`pg_waldump for PostgreSQL ${serverMajor} not found (looked at ${tried.join(", ")}; ` +
			`/usr/lib/postgresql holds ${installed.join(", ") || "nothing"}). ` +
			`Install the PostgreSQL ${serverMajor} server binaries (Debian: postgresql-${serverMajor}).`,
	);
}
