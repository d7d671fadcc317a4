import { type ChildProcess, spawn } from "node:child_process";
import { startedPort } from "./started-port.js";
import { stopProcess } from "./stop-process.js";

/** The compiled app running one role in a process of its own, with its log. */
export type RoleProcess = {
	role: string;
	child: ChildProcess;
	port: number;
	log(): string;
};

/**
 * Starts `node dist/main.js --role=<role>` with `env` (plus `nodeArgs`, e.g. --cpu-prof) and waits for its
 * "census-bot started" line. Its log keeps the last 200,000 characters.
 */
export async function startRole(
	role: string,
	env: Record<string, string>,
	nodeArgs: readonly string[] = [],
): Promise<RoleProcess> {
	const child = spawn(
		process.execPath,
		[...nodeArgs, "dist/main.js", `--role=${role}`],
		{ env, stdio: ["ignore", "pipe", "pipe"] },
	);
	let log = "";
	const keep = (b: Buffer) => {
		log = (log + b.toString()).slice(-200_000);
	};
	child.stdout?.on("data", keep);
	child.stderr?.on("data", keep);
	try {
		const port = await startedPort(child, () => log);
		return { role, child, port, log: () => log };
	} catch (err) {
		child.kill("SIGKILL");
		throw err;
	}
}

/** Stops every process still running (SIGTERM) and waits for each to exit. */
export async function stopRoles(
	processes: readonly RoleProcess[],
): Promise<void> {
	await Promise.all(processes.map((p) => stopProcess(p.child)));
}
