import { describe, expect, it } from "vitest";
import { waitFor } from "../../src/sim/wait-for.js";

describe("waitFor", () => {
	it("waits for an async probe's answer, not for its promise", async () => {
		let calls = 0;
		const found = await waitFor(
			async () => {
				calls++;
				return calls === 3 ? "third" : undefined;
			},
			2000,
			"the third call",
		);
		expect(found).toBe("third");
		expect(calls).toBe(3);
	});

	it("says what it waited for when the time is up", async () => {
		await expect(
			waitFor(async () => undefined, 30, "nothing at all"),
		).rejects.toThrow("Timed out waiting for nothing at all");
	});
});
