import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { tallyKey } from "../../../src/cli/tally-key.js";
import type { TestCensus } from "../../support/start-test-census.js";
import type { GrantedSecrets } from "./wal-attack-drive.js";

/** The names of what a web or worker process holds (its whole environment's secrets). */
export const servingSecretNames = [
	"CENSUS_SEALING_SECRET",
	"SLACK_SIGNING_SECRET",
	"SLACK_BOT_TOKEN",
] as const;

/** Only these of the granted secrets. */
export function pick(
	secrets: GrantedSecrets,
	names: readonly string[],
): GrantedSecrets {
	return Object.fromEntries(
		names.flatMap((n) => (secrets[n] === undefined ? [] : [[n, secrets[n]]])),
	);
}

/**
 * Everything an operator could take, once the census has closed: every secret a web or worker process holds; the
 * tally key file as it was during the drive (`TALLY_KEY_BEFORE_RETIRE`); and the same file after the operator ran
 * `npm run tally-key -- retire` on the campaign's key, as the README tells them to (`TALLY_KEY_AFTER_RETIRE`).
 */
export async function custodyGrant(t: TestCensus): Promise<GrantedSecrets> {
	const dir = await mkdtemp(path.join(os.tmpdir(), "census-wal-key-"));
	try {
		const file = path.join(dir, "tally-key.json");
		await writeFile(file, t.custody.tallyKeyText, { mode: 0o600 });
		const said: string[] = [];
		const out = {
			write: (s: string) => said.push(s) > 0,
		} as unknown as NodeJS.WritableStream;
		const code = await tallyKey(
			["retire", t.custody.tallyKey.id, "--file", file],
			out,
			{ DATABASE_URL: t.db.url },
		);
		if (code !== 0)
			throw new Error(`tally-key retire failed: ${said.join("")}`);
		return {
			CENSUS_SEALING_SECRET: t.sealingSecret,
			SLACK_SIGNING_SECRET: t.signingSecret,
			SLACK_BOT_TOKEN: "xoxb-test",
			TALLY_KEY_BEFORE_RETIRE: t.custody.tallyKeyText,
			TALLY_KEY_AFTER_RETIRE: await readFile(file, "utf8"),
		};
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
