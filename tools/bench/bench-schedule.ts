import type { BenchOptions } from "./bench-options.js";

/**
 * The bench's cases, in the order a full run takes them (and the JSON lists them): the --people steps (import,
 * start, sealing, close), bench c, a, b, e, h, f, the scale-out case, bench g and the Slack directory.
 */
export const benchCases = [
	"people",
	"c",
	"a",
	"b",
	"e",
	"h",
	"f",
	"scale-out",
	"g",
	"directory",
] as const;

export type BenchCase = (typeof benchCases)[number];

/** Cases one after another. */
export type BenchLane = BenchCase[];

/** Lanes that run at the same time; a phase ends when its last lane does. */
export type BenchPhase = BenchLane[];

/**
 * Cases whose time the machine's speed decides, or whose latency is the point: they run alone, whatever the mode.
 * Benches c and f time answers against an app process of their own; the scale-out case runs five.
 */
const alone: readonly BenchCase[] = ["people", "c", "f", "scale-out"];

/**
 * The lanes of --quick's shared phase. Bench g (Graph reach, paced at 30 Teams calls/s: about 100 s at a tenth) is
 * the longest: a lane of its own. The other fan-outs take turns in a second lane, so that each shares this process
 * with g alone (together, a's and e's workers and e's fake, all on this event loop, kept e well under its limit on
 * a loaded machine): e (50 calls/s, about 10 s), a (a 50/s workspace limit: about 40 s), then b (no limit) and h (a
 * Teams start), which use the CPU more. The Slack directory (virtual time, a second or two) in a third. Each case
 * has its own fake servers on ports of their own, its own database and its own Redis prefix.
 */
const sharedLanes: readonly BenchLane[] = [
	["g"],
	["e", "a", "b", "h"],
	["directory"],
];

/**
 * The phases of a run of `selected` cases. A full run takes one case at a time, in `benchCases`' order. A quick run
 * takes the cases that must run alone first, one at a time, then all the others at once in the lanes above: their
 * time is mostly pacing (rate limits), not this machine's CPU, so they overlap without changing what they measure.
 * Nothing runs alongside bench c or f.
 */
export function benchSchedule(
	selected: readonly BenchCase[],
	quick: boolean,
): BenchPhase[] {
	const chosen = benchCases.filter((c) => selected.includes(c));
	if (!quick) return chosen.map((c) => [[c]]);
	const first = chosen.filter((c) => alone.includes(c)).map((c) => [[c]]);
	const shared = sharedLanes
		.map((lane) => lane.filter((c) => chosen.includes(c)))
		.filter((lane) => lane.length > 0);
	return shared.length > 0 ? [...first, shared] : first;
}

/** The cases `options` asks for (a size or rate of 0 skips a case; the scale-out case only when asked). */
export function selectedCases(options: BenchOptions): BenchCase[] {
	const answersFor = (rate: number) =>
		rate > 0 && options["submit-seconds"] > 0;
	const wanted: Record<BenchCase, boolean> = {
		people: true,
		c:
			answersFor(options["submit-rate"]) ||
			answersFor(options["submit-rate-peak"]),
		a: options["fan-out"] > 0 && options.fanOutCases.includes("a"),
		b: options["fan-out"] > 0 && options.fanOutCases.includes("b"),
		e: options["teams-fan-out"] > 0,
		h: options["teams-start"] > 0,
		f: answersFor(options["teams-submit-rate"]),
		"scale-out": options.scaleOut,
		g: options["graph-reach"] > 0,
		directory: options["directory-members"] > 0,
	};
	return benchCases.filter((c) => wanted[c]);
}

/** The cases that ran at the same time as `c` in `phases` (none when it ran alone). */
export function ranAlongside(
	phases: readonly BenchPhase[],
	c: BenchCase,
): BenchCase[] {
	const phase = phases.find((p) => p.some((lane) => lane.includes(c)));
	return (phase ?? []).flatMap((lane) => (lane.includes(c) ? [] : lane));
}
