import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { formatLsn, type Lsn } from "./lsn.js";
import { parseWaldump, type WaldumpRecord } from "./parse-waldump.js";

const run = promisify(execFile);

/**
 * Runs `pg_waldump -b` over `[start, end)` of the segments in `walDir` for the given resource
 * managers and parses what it prints. pg_waldump's own errors (a missing segment, a bad record)
 * are thrown with its message.
 */
export async function runWaldump(opts: {
	waldump: string;
	walDir: string;
	timeline: number;
	start: Lsn;
	end: Lsn;
	rmgrs: readonly string[];
}): Promise<WaldumpRecord[]> {
	const args = [
		"-b",
		"-p",
		opts.walDir,
		"-t",
		String(opts.timeline),
		"-s",
		formatLsn(opts.start),
		"-e",
		formatLsn(opts.end),
		...opts.rmgrs.flatMap((r) => ["-r", r]),
	];
	const { stdout } = await run(opts.waldump, args, {
		maxBuffer: 1 << 30,
	}).catch((err: { stderr?: string; message: string }) => {
		throw new Error(
			`pg_waldump ${args.join(" ")} failed: ${err.stderr?.trim() || err.message}`,
		);
	});
	return parseWaldump(stdout);
}
