import { mkdir, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { pick, servingSecretNames } from "../wal/custody-grant.js";
import { decryptWithGrantedKeys } from "../wal/decrypt-with-granted-keys.js";
import { attackWal } from "../wal/run-wal-attack.js";
import { runWalAttackDrive } from "../wal/wal-attack-drive.js";
import { batchIsMixed, evaluateLinkage } from "./evaluate-linkage.js";
import { runLinkageDrive } from "./linkage-drive.js";

/**
 * `npm run test:privacy`: the full P1 linkage attack (docs/privacy-tests.md §7.1) on a 400-person
 * organisation with 30 dumps, then the WAL attack (issue 14) on a drive of its own. Prints the
 * figures as JSON, writes census-output/privacy-results.json, and exits 1 when a criterion fails.
 */
async function main(): Promise<number> {
	const { values } = parseArgs({
		options: {
			size: { type: "string", default: "400" },
			dumps: { type: "string", default: "30" },
			seed: { type: "string", default: "17" },
			"wal-answers": { type: "string", default: "100" },
		},
	});
	const started = Date.now();
	const drive = await runLinkageDrive({
		size: Number(values.size),
		dumps: Number(values.dumps),
		seed: Number(values.seed),
	});
	const f = evaluateLinkage(drive);
	// The WAL attack with every secret a web or worker process holds must open nothing; with the tally key
	// (the control that shows the harness works) everything; after `tally-key retire`, nothing.
	const walDrive = await runWalAttackDrive({
		answers: Number(values["wal-answers"]),
		seed: Number(values.seed),
	});
	const serving = pick(walDrive.secrets, servingSecretNames);
	const withKey = (key: string | undefined) =>
		attackWal(walDrive, decryptWithGrantedKeys, {
			...serving,
			...(key ? { CENSUS_TALLY_KEY: key } : {}),
		});
	const wal = await withKey(undefined);
	const walWithTallyKey = await withKey(
		walDrive.secrets.TALLY_KEY_BEFORE_RETIRE,
	);
	const walAfterRetire = await withKey(walDrive.secrets.TALLY_KEY_AFTER_RETIRE);
	await walDrive.cleanup();
	const checks = {
		"a: no answer readable before close": f.contentLinkage.length === 0,
		"b: best attack <= 1/m": f.bestRate <= 1 / f.shuffleSize,
		"b: upper 95% bound <= 0.15": f.bestWilsonUpper <= 0.15,
		"c: advantage <= 2 pp": Math.abs(f.advantagePp) <= 2,
		"d: every stored counter n >= k": f.storedCountersBelowK.length === 0,
		"control: the xmin attack links the unshuffled tail":
			f.tailControl.rate > 0.5,
		"P4: no tail, one big batch after each shuffle":
			f.batchesAfterShuffle.every((b) => batchIsMixed(b, f.shuffleSize)),
		"WAL: every respondent linked to a stored ballot by pg_waldump":
			wal.linked === wal.respondents && wal.respondents >= 60,
		"WAL: every secret of a web or worker process opens no linked answer":
			wal.decrypted === 0,
		"control: the WAL attack with the tally key opens every linked answer":
			walWithTallyKey.matchingGroundTruth === wal.respondents,
		"WAL: after tally-key retire no linked answer opens":
			walAfterRetire.decrypted === 0,
		"WAL: linked ciphertexts are all one size":
			wal.ciphertextSizes.length === 1,
		"WAL: no linked ciphertext shares bytes with what was published":
			wal.sharedWithPublished === 0,
		"enough respondents (>= 300 people)":
			Number(values.size) >= 300 && f.dumps >= 10,
	};
	const result = {
		...f,
		wal,
		walDecryptedWithTallyKey: walWithTallyKey.decrypted,
		walDecryptedAfterRetire: walAfterRetire.decrypted,
		checks,
		seconds: Math.round((Date.now() - started) / 100) / 10,
	};
	await mkdir("census-output", { recursive: true });
	await writeFile(
		"census-output/privacy-results.json",
		`${JSON.stringify(result, null, 2)}\n`,
	);
	process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
	const failed = Object.entries(checks).filter(([, ok]) => !ok);
	process.stdout.write(
		`${Object.keys(checks).length - failed.length} passed, ${failed.length} failed\n`,
	);
	return failed.length === 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(err: unknown) => {
		process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
		process.exit(1);
	},
);
