import { summariseLatencies } from "./latency-summary.js";
import { rampSchedule } from "./ramp-schedule.js";

/** What an open-loop run saw at the client. */
export type OpenLoopRun = {
	/** Each call's latency (ms) at the held rate. */
	latencies: number[];
	/** The same, each with when it was sent (ms since the held rate began). */
	timeline: { sentAtMs: number; ms: number }[];
	/** The latencies of the calls made during the ramp up to the rate (none without a ramp), measured apart. */
	rampLatencies: number[];
	/** The calls made during the ramp. */
	rampSends: number;
	/** Calls that did what was asked, and the rest (errors, refusals), ramp included. */
	recorded: number;
	errors: number;
	/** From the held rate's first call to the last answer. */
	seconds: number;
};

/**
 * Calls `send(i)` for i = 0 … count-1 open loop (each at its time, whatever the earlier ones are doing): climbing
 * from 0 to `rate` per second over `rampSeconds` (see `rampSchedule`), then at `rate`. Each call says whether it
 * did what was asked.
 */
export async function sendOpenLoop(
	rate: number,
	rampSeconds: number,
	count: number,
	send: (i: number) => Promise<boolean>,
): Promise<OpenLoopRun> {
	const schedule = rampSchedule(rate, rampSeconds);
	const heldFromMs = schedule.offsetMs(schedule.rampSends);
	const run: OpenLoopRun = {
		latencies: [],
		timeline: [],
		rampLatencies: [],
		rampSends: Math.min(count, schedule.rampSends),
		recorded: 0,
		errors: 0,
		seconds: 0,
	};
	const t0 = performance.now();
	const sends: Promise<void>[] = [];
	for (let i = 0; i < count; i++) {
		const wait = t0 + schedule.offsetMs(i) - performance.now();
		if (wait > 1) await new Promise((r) => setTimeout(r, wait));
		const sent = performance.now();
		const done = (ok: boolean) => {
			const ms = performance.now() - sent;
			if (i < schedule.rampSends) run.rampLatencies.push(ms);
			else {
				run.latencies.push(ms);
				run.timeline.push({ sentAtMs: sent - t0 - heldFromMs, ms });
			}
			if (ok) run.recorded++;
			else run.errors++;
		};
		sends.push(send(i).then(done, () => done(false)));
	}
	await Promise.all(sends);
	run.seconds = (performance.now() - t0 - heldFromMs) / 1000;
	return run;
}

/** The ramp's part of a run, as the bench JSON reports it. */
export function rampSummary(
	run: OpenLoopRun,
	rampSeconds: number,
): { sends: number; seconds: number; p99Ms: number; maxMs: number } {
	const { p99, max } = summariseLatencies(run.rampLatencies);
	return { sends: run.rampSends, seconds: rampSeconds, p99Ms: p99, maxMs: max };
}
