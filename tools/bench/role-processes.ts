import { type ChildProcess, spawn } from "node:child_process";
import { dropRedisPrefix } from "./drop-redis-prefix.js";
import { startedPort } from "./started-port.js";
import { stopProcess } from "./stop-process.js";

/** The compiled app running one role in a process of its own, with its log. */
export type RoleProcess = {
	role: string;
	child: ChildProcess;
	port: number;
	log(): string;
	/** Its Redis server and key prefix (REDIS_URL, CENSUS_REDIS_PREFIX), when it was given them. */
	redis?: { url: string; prefix: string };
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
		const redis =
			env.REDIS_URL && env.CENSUS_REDIS_PREFIX
				? { url: env.REDIS_URL, prefix: env.CENSUS_REDIS_PREFIX }
				: undefined;
		return { role, child, port, log: () => log, redis };
	} catch (err) {
		child.kill("SIGKILL");
		throw err;
	}
}

/**
 * Stops every process still running (SIGTERM), waits for each to exit, then deletes their Redis keys: the queues,
 * schedule and pacing a run leaves behind (once they have exited, none can write one back).
 */
export async function stopRoles(
	processes: readonly RoleProcess[],
): Promise<void> {
	await Promise.all(processes.map((p) => stopProcess(p.child)));
	const prefixes = new Map(
		processes.flatMap((p) => (p.redis ? [[p.redis.prefix, p.redis.url]] : [])),
	);
	for (const [prefix, url] of prefixes) await dropRedisPrefix(url, prefix);
}
