import { describe, expect, it } from "vitest";
import { gcmOpen, gcmSeal } from "../../../src/domain/ballots/aes-gcm.js";
import {
	nonceLength,
	randomNonce,
} from "../../../src/domain/ballots/random-nonce.js";

describe("randomNonce", () => {
	it("never gives the same nonce twice, across several refills", () => {
		const seen = new Set<string>();
		for (let i = 0; i < 5_000; i++) {
			const n = randomNonce();
			expect(n.length).toBe(nonceLength);
			seen.add(n.toString("hex"));
		}
		expect(seen.size).toBe(5_000);
	});

	it("leaves a nonce already handed out untouched when it refills", () => {
		const first = randomNonce();
		const copy = Buffer.from(first);
		// More than one refill's worth: a refill that reused its buffer would overwrite `first`.
		for (let i = 0; i < 2_000; i++) randomNonce();
		expect(first.equals(copy)).toBe(true);
	});

	it("gives each seal of the same plaintext a different nonce, and it still opens", () => {
		const key = Buffer.alloc(32, 7);
		const a = gcmSeal(key, Buffer.from("same"));
		const b = gcmSeal(key, Buffer.from("same"));
		expect(a.subarray(0, nonceLength).equals(b.subarray(0, nonceLength))).toBe(
			false,
		);
		expect(gcmOpen(key, a).toString()).toBe("same");
		expect(gcmOpen(key, b).toString()).toBe("same");
	});
});
