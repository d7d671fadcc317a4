import { describe, expect, it } from "vitest";
import { readBenchOptions } from "../../tools/bench/bench-options.js";
import {
	type BenchCase,
	benchCases,
	benchSchedule,
	ranAlongside,
	selectedCases,
} from "../../tools/bench/bench-schedule.js";

const optionsOf = (args: string[]) => {
	const options = readBenchOptions(args);
	if ("exit" in options) throw new Error(options.message);
	return options;
};

describe("the bench's schedule", () => {
	it("takes every case alone, in order, in a full run", () => {
		expect(benchSchedule(benchCases, false)).toEqual(
			benchCases.map((c) => [[c]]),
		);
	});

	it("in --quick, runs the people steps, c, f and scale-out alone first, then the rest at once", () => {
		expect(benchSchedule(benchCases, true)).toEqual([
			[["people"]],
			[["c"]],
			[["f"]],
			[["scale-out"]],
			[["g"], ["e", "a", "b", "h"], ["directory"]],
		]);
	});

	it("in --quick, runs every selected case exactly once, and nothing alongside c or f", () => {
		const phases = benchSchedule(benchCases, true);
		expect(phases.flat(2).sort()).toEqual([...benchCases].sort());
		for (const alone of ["people", "c", "f", "scale-out"] as BenchCase[])
			expect(ranAlongside(phases, alone)).toEqual([]);
		// In a lane, one after another: alongside the other lanes only.
		expect(ranAlongside(phases, "a")).toEqual(["g", "directory"]);
		expect(ranAlongside(phases, "e")).toEqual(["g", "directory"]);
	});

	it("leaves out the cases not asked for, and lanes left empty", () => {
		const quick = optionsOf([
			"--quick",
			"--fan-out",
			"0",
			"--teams-fan-out",
			"0",
			"--teams-start",
			"0",
			"--directory-members",
			"0",
			"--teams-submit-rate",
			"0",
		]);
		expect(selectedCases(quick)).toEqual(["people", "c", "g"]);
		expect(benchSchedule(selectedCases(quick), true)).toEqual([
			[["people"]],
			[["c"]],
			[["g"]],
		]);
		expect(selectedCases(optionsOf(["--fan-out-cases", "b"]))).toEqual([
			"people",
			"c",
			"b",
			"e",
			"h",
			"f",
			"g",
			"directory",
		]);
		expect(selectedCases(optionsOf(["--scale-out"]))).toContain("scale-out");
	});
});
