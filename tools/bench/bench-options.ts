import { parseArgs } from "node:util";

/** The sizes of a full bench run; `--quick` runs each case at a tenth of its size. */
const full = {
	people: 100_000,
	"fan-out": 20_000,
	"submit-rate": 200,
	/** Bench c once more at the morning's peak, half as much again. */
	"submit-rate-peak": 300,
	"submit-seconds": 30,
	/**
	 * Bench c and f and the scale-out's answers climb to their rate over this long first, measured apart (half as
	 * long with --quick). Ten seconds is still far steeper than a census morning, when answers follow invitations
	 * going out at the workspace's 50/s.
	 */
	"ramp-seconds": 10,
	"teams-fan-out": 2000,
	"teams-submit-rate": 200,
	/** Invitations in the scale-out case (only with --scale-out: it runs five app processes for minutes). */
	"scale-out-size": 20_000,
	"graph-reach": 10_000,
	"directory-members": 100_000,
	"teams-start": 100_000,
} as const;

type Size = keyof typeof full;

/** What --quick does not shorten: the rates, and the ramp up to them. */
const keptWhenQuick = new Set<Size>([
	"submit-rate",
	"submit-rate-peak",
	"teams-submit-rate",
]);

/** What one bench run does. */
export type BenchOptions = { [K in Size]: number } & {
	quick: boolean;
	scaleOut: boolean;
	/** Only the roster import and the start at --people: no sealing or close. */
	rosterOnly: boolean;
	fanOutCases: string[];
	profileDir: string | undefined;
};

export const benchHelp = `Usage: npm run bench -- [options]

Runs every benchmark case and writes bench-results.json (rewritten as each case ends, with "complete": false
until the last; printed at the end): roster import, start, sealing and close at --people; bench a/b fan-out at
a 50/s workspace limit and without one; bench c answer-modal
submissions and bench f Teams answer cards against the compiled app in its own process (need DATABASE_URL);
bench e Teams fan-out; bench g Teams reach through Microsoft Graph. Every figure carries the machine line; the
JSON also has the run's wall time, each case's time (setup and teardown included) and their sum.

  --quick                 every case at a tenth of its size (a before/after check: under 3 minutes). The --people
                          steps, bench c, bench f and the scale-out case run alone, one after another (c and f
                          measure latency); then the rest run at the same time, as they are mostly paced by rate
                          limits, in three lanes: bench g; e, a, b and h in turn (each fan-out beside g alone);
                          the Slack directory. Each case has its own fakes, ports, database and Redis prefix.
                          Their figures carry "ranAlongside", their peak memory is the process's while they ran,
                          and the bench process's CPU per invitation is left out. A full run takes every case
                          alone, in turn.
  --people N              roster size for import, start, sealing and close (${full.people})
  --fan-out N             invitations in bench a and b (${full["fan-out"]}); 0 skips them
  --fan-out-cases a,b     which fan-out cases to run
  --submit-rate N         bench c answers per second (${full["submit-rate"]}); 0 skips it
  --submit-rate-peak N    bench c again at this rate, the morning's peak (${full["submit-rate-peak"]}); 0 skips it
  --submit-seconds N      how long bench c and f send (${full["submit-seconds"]}; quick: a tenth)
  --ramp-seconds N        bench c and f (and the scale-out's answers) first climb from 0 to their rate over N seconds,
                          as answers reach a census while its invitations go out; those sends are measured apart
                          ("ramp" in the JSON) from the held rate's figures. 0 sends at the full rate from the
                          first request, into a cold process (${full["ramp-seconds"]}; quick: half)
  --teams-fan-out N       bench e invitations (${full["teams-fan-out"]}); 0 skips it
  --teams-submit-rate N   bench f invokes per second (${full["teams-submit-rate"]}); 0 skips it
  --scale-out             also run the scale-out case: web ×2, worker ×2 and a tally as processes of their own
                          behind a round-robin proxy; --scale-out-size invitations at a 50/s limit with one
                          worker SIGKILLed half-way, then answers at --submit-rate through the proxy
  --scale-out-size N      invitations in the scale-out case (${full["scale-out-size"]})
  --graph-reach N         bench g: Teams people resolved and installed through Graph (${full["graph-reach"]}); 0 skips it
  --directory-members N   Slack members resolved by users.list at Tier 2 pacing (${full["directory-members"]}); 0 skips it
  --teams-start N         bench h: census start typed in Teams with N people on the roster: the turn's time and the
                          time until the outcome arrives proactively (${full["teams-start"]}); 0 skips it
  --roster-only           of the --people steps, only the roster import and the start (no sealing or close)
  --profile-dir DIR       write a CPU profile of the app process of benches c and f (node --cpu-prof)
  -h, --help              this help`;

/**
 * Reads the bench's options. `--quick` divides each case's size by ten (rates stay, the time they are held is
 * shorter), except for what is given explicitly. Returns a message instead for --help or a bad option.
 */
export function readBenchOptions(
	args: string[],
): BenchOptions | { exit: number; message: string } {
	let values: Record<string, string | boolean | undefined>;
	try {
		values = parseArgs({
			args,
			options: {
				quick: { type: "boolean" },
				"scale-out": { type: "boolean" },
				"roster-only": { type: "boolean" },
				help: { type: "boolean", short: "h" },
				"fan-out-cases": { type: "string" },
				"profile-dir": { type: "string" },
				...Object.fromEntries(
					Object.keys(full).map((k) => [k, { type: "string" as const }]),
				),
			},
		}).values;
	} catch (err) {
		return { exit: 2, message: `${(err as Error).message}\n\n${benchHelp}` };
	}
	if (values.help) return { exit: 0, message: benchHelp };
	const quick = values.quick === true;
	const sizes = {} as { [K in Size]: number };
	for (const key of Object.keys(full) as Size[]) {
		const given = values[key];
		const n =
			typeof given === "string"
				? Number(given)
				: !quick || keptWhenQuick.has(key)
					? full[key]
					: key === "ramp-seconds"
						? full[key] / 2
						: Math.max(1, Math.round(full[key] / 10));
		if (!Number.isInteger(n) || n < 0)
			return {
				exit: 2,
				message: `--${key} must be a whole number ≥ 0 (got "${given}")\n\n${benchHelp}`,
			};
		sizes[key] = n;
	}
	return {
		...sizes,
		quick,
		scaleOut: values["scale-out"] === true,
		rosterOnly: values["roster-only"] === true,
		fanOutCases: String(values["fan-out-cases"] ?? "a,b").split(","),
		profileDir:
			typeof values["profile-dir"] === "string"
				? values["profile-dir"]
				: undefined,
	};
}
