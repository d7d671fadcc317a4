import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pick, servingSecretNames } from "./wal/custody-grant.js";
import { decryptWithGrantedKeys } from "./wal/decrypt-with-granted-keys.js";
import { publishedOverlap } from "./wal/published-overlap.js";
import { attackWal, type WalAttackReport } from "./wal/run-wal-attack.js";
import {
	runWalAttackDrive,
	type WalAttackDrive,
} from "./wal/wal-attack-drive.js";

// The fast P1 variant of the WAL attack (docs/privacy-tests.md §7.1): an operator's base backup plus WAL archive,
// read with pg_waldump, ties each invitation flip to the ballot inserted in the same transaction; no shuffle can
// rewrite that. So the guarantee rests on key custody: with every secret a web or worker process holds, nothing
// opens; with the tally key (the control that shows the attack works) everything does; once the operator has
// retired that key, nothing opens again.
describe("P1 WAL attack (operator's base backup + WAL archive)", () => {
	let drive: WalAttackDrive;
	/** With every secret of a web or worker process. */
	let withSecret: WalAttackReport;
	/** With the tally key as well, before it was retired. */
	let withTallyKey: WalAttackReport;
	/** With what is left of the key file after `tally-key retire`. */
	let afterRetire: WalAttackReport;

	beforeAll(async () => {
		drive = await runWalAttackDrive({ answers: 60, seed: 14 });
		const serving = pick(drive.secrets, servingSecretNames);
		expect(Object.keys(serving)).toEqual([...servingSecretNames]);
		withSecret = await attackWal(drive, decryptWithGrantedKeys, serving);
		withTallyKey = await attackWal(drive, decryptWithGrantedKeys, {
			...serving,
			CENSUS_TALLY_KEY: drive.secrets.TALLY_KEY_BEFORE_RETIRE as string,
		});
		afterRetire = await attackWal(drive, decryptWithGrantedKeys, {
			...serving,
			CENSUS_TALLY_KEY: drive.secrets.TALLY_KEY_AFTER_RETIRE as string,
		});
		process.stdout.write(
			`WAL attack: ${JSON.stringify({ withSecret, decryptedWithTallyKey: withTallyKey.decrypted, decryptedAfterRetire: afterRetire.decrypted })}\n`,
		);
	}, 240_000);

	afterAll(async () => {
		await drive?.cleanup();
	});

	it("links every respondent, and only respondents, to a stored ballot from the WAL alone", () => {
		expect(withSecret.respondents).toBeGreaterThanOrEqual(60);
		expect(withSecret.linked).toBe(withSecret.respondents);
		expect(withSecret.linkedRespondents).toBe(withSecret.linked);
		expect(withSecret.untracedUpdates).toBe(0);
		// Both ways a ballot reaches the WAL: its tuple, or a full-page image after a checkpoint. Which ballots
		// travel as page images depends on when the checkpoints fall (none, some runs); reading both is proved
		// deterministically in wal-reader.test.ts.
		expect(withSecret.fromTuple + withSecret.fromPageImage).toBe(
			withSecret.linked,
		);
		expect(withSecret.fromTuple).toBeGreaterThan(0);
	});

	it("opens none of them with every secret a web or worker process holds", () => {
		expect(withSecret.linked).toBeGreaterThanOrEqual(60);
		expect(withSecret.decrypted).toBe(0);
		expect(withSecret.matchingGroundTruth).toBe(0);
	});

	it("opens every one with the tally key, each the person's real answers (the control: the attack works)", () => {
		expect(withTallyKey.linked).toBe(withSecret.linked);
		expect(withTallyKey.decrypted).toBe(withTallyKey.linked);
		expect(withTallyKey.matchingGroundTruth).toBe(withTallyKey.respondents);
	});

	it("opens none of them once the operator has retired the tally key", () => {
		expect(afterRetire.linked).toBe(withSecret.linked);
		expect(afterRetire.decrypted).toBe(0);
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

	it("opens nothing with a wrong tally key", async () => {
		const { ephemeralCustody } = await import(
			"../../src/keys/ephemeral-custody.js"
		);
		const wrong = await attackWal(drive, decryptWithGrantedKeys, {
			...drive.secrets,
			CENSUS_TALLY_KEY: ephemeralCustody().tallyKeyText,
		});
		expect(wrong.linked).toBe(withSecret.linked);
		expect(wrong.decrypted).toBe(0);
		expect(wrong.matchingGroundTruth).toBe(0);
	});
});
