import { readFileSync } from "node:fs";

/** Clock ticks per second in /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

/**
 * CPU time (user + system) another process has used so far, in ms, read from /proc (10 ms resolution); undefined
 * where /proc cannot be read. A load-independent measure: a loaded machine stretches latency, not CPU time.
 */
export function processCpuMs(pid: number | undefined): number | undefined {
	if (pid === undefined) return undefined;
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
		// Fields after the command name (which may hold spaces) start at state: utime and stime are 12th and 13th.
		const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
		const ticks = Number(fields[11]) + Number(fields[12]);
		return Number.isFinite(ticks) ? (ticks * 1000) / ticksPerSecond : undefined;
	} catch {
		return undefined;
	}
}

/** CPU µs per item between two `processCpuMs` readings; -1 when either is missing. */
export function cpuUsPer(
	before: number | undefined,
	after: number | undefined,
	items: number,
): number {
	if (before === undefined || after === undefined || items <= 0) return -1;
	return Math.round(((after - before) * 1000) / items);
}
