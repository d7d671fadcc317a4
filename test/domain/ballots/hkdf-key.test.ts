import { hkdfSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hkdfKey } from "../../../src/domain/ballots/aes-gcm.js";

describe("hkdfKey (HKDF-SHA256, 32 bytes)", () => {
	it("gives RFC 5869's test case 3 (SHA-256, empty salt and info): the first 32 bytes of its OKM", () => {
		const okm = hkdfKey(Buffer.alloc(22, 0x0b), Buffer.alloc(0), "");
		expect(okm.toString("hex")).toBe(
			"8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d",
		);
	});

	it("gives the same bytes as node's hkdfSync for the inputs the census uses and for random ones", () => {
		const cases: [Buffer, Buffer, string][] = [
			// A ballot's key: an X25519 shared secret, salted with both public keys (SPKI DER).
			[randomBytes(32), randomBytes(88), "census-bot/ballot/v1"],
			// The pool layer's wrapping key: the sealing secret, salted with the campaign id.
			[
				Buffer.from("a sealing secret of some length"),
				Buffer.from("0b6c7a3e-8d1f-4c2a-9e5b-1f2d3c4b5a69"),
				"census-bot/pool-wrap/v1",
			],
			[randomBytes(64), Buffer.alloc(0), "ünïcødé info"],
		];
		for (let i = 0; i < 200; i++)
			cases.push([
				randomBytes(1 + (i % 97)),
				randomBytes(i % 130),
				randomBytes(i % 40).toString("base64"),
			]);
		for (const [secret, salt, info] of cases)
			expect(hkdfKey(secret, salt, info).toString("hex")).toBe(
				Buffer.from(hkdfSync("sha256", secret, salt, info, 32)).toString("hex"),
			);
	});
});
