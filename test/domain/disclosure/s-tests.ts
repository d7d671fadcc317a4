/**
 * Nightly S-tests (privacy-reliability.md §7.2): S1, S2, S3 and S6 over random tables.
 *
 *   npx tsx test/domain/disclosure/s-tests.ts --runs 10000 [--seed 42]
 *
 * Prints one JSON object; exits 1 when any property fails.
 */
import fc from "fast-check";
import { scenarioArbitrary, sViolations } from "./s-properties.js";

function arg(name: string): number | undefined {
	const i = process.argv.indexOf(`--${name}`);
	const value = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
	return Number.isFinite(value) ? value : undefined;
}

const runs = arg("runs") ?? 10_000;
const seed = arg("seed") ?? Date.now() % 2 ** 31;
const started = performance.now();
let violations: string[] = [];
const details = fc.check(
	fc.property(scenarioArbitrary, (s) => {
		violations = sViolations(s);
		return violations.length === 0;
	}),
	{ numRuns: runs, seed },
);
const result = {
	tests: ["S1", "S2", "S3", "S6"],
	runs: details.numRuns,
	seed,
	failed: details.failed,
	failures: details.failed ? 1 : 0,
	seconds: Math.round((performance.now() - started) / 100) / 10,
	...(details.failed
		? {
				counterexample: details.counterexample?.[0],
				violations,
				path: details.counterexamplePath,
			}
		: {}),
};
console.log(JSON.stringify(result, null, 2));
process.exitCode = details.failed ? 1 : 0;
