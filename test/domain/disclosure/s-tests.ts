/**
 * Nightly S-tests (docs/privacy-tests.md §7.2): S1, S2, S3 and S6 over random tables, and over random
 * organisations published as a department table and a grade table together (S2 by the joint audit).
 *
 *   node --import tsx test/domain/disclosure/s-tests.ts --runs 10000 [--seed 42]
 *
 * Prints one JSON object; exits 1 when any property fails.
 */
import fc from "fast-check";
import {
	jointScenarioArbitrary,
	jointViolations,
	scenarioArbitrary,
	sViolations,
} from "./s-properties.js";

function arg(name: string): number | undefined {
	const i = process.argv.indexOf(`--${name}`);
	const value = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
	return Number.isFinite(value) ? value : undefined;
}

const runs = arg("runs") ?? 10_000;
const seed = arg("seed") ?? Date.now() % 2 ** 31;
function run<T>(
	name: string,
	arbitrary: fc.Arbitrary<T>,
	check: (s: T) => string[],
) {
	const started = performance.now();
	let violations: string[] = [];
	const details = fc.check(
		fc.property(arbitrary, (s) => {
			violations = check(s);
			return violations.length === 0;
		}),
		{ numRuns: runs, seed },
	);
	return {
		name,
		runs: details.numRuns,
		failed: details.failed,
		seconds: Math.round((performance.now() - started) / 100) / 10,
		...(details.failed
			? {
					counterexample: details.counterexample?.[0],
					violations,
					path: details.counterexamplePath,
				}
			: {}),
	};
}

const results = [
	run("one-way tables", scenarioArbitrary, sViolations),
	run("department and grade tables", jointScenarioArbitrary, jointViolations),
];
const failures = results.filter((r) => r.failed).length;
console.log(
	JSON.stringify(
		{ tests: ["S1", "S2", "S3", "S6"], seed, failures, results },
		null,
		2,
	),
);
process.exitCode = failures > 0 ? 1 : 0;
