import { describe, expect, it } from "vitest";
import { readBenchOptions } from "../../tools/bench/bench-options.js";

describe("bench options", () => {
	it("runs the full sizes by default", () => {
		expect(readBenchOptions([])).toMatchObject({
			quick: false,
			people: 100_000,
			"fan-out": 20_000,
			"submit-rate": 200,
			"submit-rate-peak": 300,
			"submit-seconds": 30,
			"ramp-seconds": 10,
			"teams-fan-out": 2000,
			"teams-submit-rate": 200,
		});
	});

	it("--quick runs every case at a tenth of its size, at the same rates, unless a size is given", () => {
		expect(readBenchOptions(["--quick", "--fan-out", "500"])).toMatchObject({
			quick: true,
			people: 10_000,
			"fan-out": 500,
			"submit-rate": 200,
			"submit-rate-peak": 300,
			"submit-seconds": 3,
			"ramp-seconds": 5,
			"teams-fan-out": 200,
			"teams-submit-rate": 200,
		});
	});

	it("refuses a size that is not a whole number, with the help", () => {
		const r = readBenchOptions(["--people", "lots"]);
		expect(r).toMatchObject({ exit: 2 });
		expect("message" in r && r.message).toContain("--quick");
	});
});
