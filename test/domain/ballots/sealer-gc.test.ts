import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("sealing under garbage collection", () => {
	// Exporting a freshly generated key deadlocked Node 20 when a collection freed its generation job mid-export;
	// with a 1 MB young generation that happened within about 15,000 seals. The whole process froze, not just a call.
	it("seals 40,000 ballots with collections between and inside the calls, without freezing", async () => {
		const { stdout } = await run(
			process.execPath,
			[
				"--max-semi-space-size=1",
				"--import",
				"tsx",
				"test/support/seal-many.ts",
				"40000",
			],
			{ timeout: 90_000, killSignal: "SIGKILL" },
		);
		expect(stdout).toBe("sealed 40000\n");
	}, 100_000);
});
