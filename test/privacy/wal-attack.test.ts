import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptWithSealingSecret } from "./wal/decrypt-with-sealing-secret.js";
import { publishedOverlap } from "./wal/published-overlap.js";
import { attackWal, type WalAttackReport } from "./wal/run-wal-attack.js";
import {
	runWalAttackDrive,
	type WalAttackDrive,
} from "./wal/wal-attack-drive.js";

// Issue 14 item 3, the fast P1 variant (privacy-reliability.md §7.1): an operator's base backup plus WAL
// archive, read with pg_waldump, ties each invitation flip to the ballot inserted in the same
// transaction. Today every web and worker process holds CENSUS_SEALING_SECRET, and with it every
// linked ballot opens: this test proves the harness works. With the tally-key custody it flips.
describe("P1 WAL attack (operator's base backup + WAL archive)", () => {
	let drive: WalAttackDrive;
	let withSecret: WalAttackReport;

	beforeAll(async () => {
		drive = await runWalAttackDrive({ answers: 60, seed: 14 });
		withSecret = await attackWal(drive, decryptWithSealingSecret);
		process.stdout.write(`WAL attack: ${JSON.stringify(withSecret)}\n`);
	}, 240_000);

	afterAll(async () => {
		await drive?.cleanup();
	});

	it("links every respondent, and only respondents, to a stored ballot from the WAL alone", () => {
		expect(withSecret.respondents).toBeGreaterThanOrEqual(60);
		expect(withSecret.linked).toBe(withSecret.respondents);
		expect(withSecret.linkedRespondents).toBe(withSecret.linked);
		expect(withSecret.untracedUpdates).toBe(0);
		// Both ways a ballot reaches the WAL: its tuple, or a full-page image after a checkpoint.
		expect(withSecret.fromTuple + withSecret.fromPageImage).toBe(
			withSecret.linked,
		);
		expect(withSecret.fromTuple).toBeGreaterThan(0);
		expect(withSecret.fromPageImage).toBeGreaterThan(0);
	});

	it("opens every linked ballot with the sealing secret, each the person's real answers (today's custody)", () => {
		expect(withSecret.decrypted).toBe(withSecret.linked);
		expect(withSecret.matchingGroundTruth).toBe(withSecret.respondents);
	});

	it("sees ciphertexts of one size that share nothing with what was published", () => {
		expect(withSecret.ciphertextSizes).toHaveLength(1);
		expect(withSecret.publishedBytes).toBeGreaterThan(0);
		expect(withSecret.sharedWithPublished).toBe(0);
	});

	it("would see a ciphertext fragment planted in the published bytes, raw, hex or base64 (positive control)", () => {
		const stored = randomBytes(612);
		const fragment = stored.subarray(301, 311);
		const page = (inner: string | Buffer) => [
			Buffer.concat([
				Buffer.from('{"report":"'),
				Buffer.from(inner),
				Buffer.from('"}'),
			]),
		];
		expect(publishedOverlap(page("nothing here"))(stored)).toBe(false);
		expect(publishedOverlap(page(fragment))(stored)).toBe(true);
		expect(
			publishedOverlap(page(fragment.toString("hex").toUpperCase()))(stored),
		).toBe(true);
		for (const shift of [0, 1, 2])
			expect(
				publishedOverlap(
					page(stored.subarray(300 + shift, 318).toString("base64")),
				)(stored),
			).toBe(true);
	});

	it("opens nothing with a wrong secret, and then nothing matches", async () => {
		const wrong = await attackWal(drive, decryptWithSealingSecret, {
			CENSUS_SEALING_SECRET: "0".repeat(64),
		});
		expect(wrong.linked).toBe(withSecret.linked);
		expect(wrong.decrypted).toBe(0);
		expect(wrong.matchingGroundTruth).toBe(0);
	});
});
