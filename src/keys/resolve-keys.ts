import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename } from "node:fs/promises";
import path from "node:path";
import { type Config, ConfigError } from "../config.js";
import { generateTallyKey } from "../domain/ballots/tally-key.js";
import type { Logger } from "../logger.js";
import {
	createTallyKeyFile,
	parseTallyKeySet,
	readTallyKeyFile,
	TallyKeyFileError,
	type TallyKeySet,
} from "./tally-key-set.js";

/** The key material one process holds: the sealing secret always, tally keys only in the tally role. */
export type ProcessKeys = {
	sealingSecret: string;
	tallyKeys: TallyKeySet | undefined;
};

/**
 * Development keys are made only for a local trial: no DATABASE_URL, no Slack or Teams credentials, not production.
 * Anything that could hold real people's answers must be given its keys.
 */
export function developmentKeysAllowed(config: Config): boolean {
	return (
		!config.production &&
		!config.databaseUrl &&
		!config.slack &&
		config.teams?.mode !== "authenticated"
	);
}

/**
 * The keys this process holds. The sealing secret comes from the config or, for a local trial, from the
 * development key folder; tally keys only when `tally` is set (the tally role), from the key file, the
 * environment value, or for a local trial the development key folder.
 */
export async function resolveKeys(
	config: Config,
	tally: boolean,
	logger: Logger,
): Promise<ProcessKeys> {
	const dev = developmentKeysAllowed(config);
	const missing: string[] = [];
	if (!config.sealingSecret && !dev)
		missing.push(
			"CENSUS_SEALING_SECRET: required when DATABASE_URL or Slack/Teams credentials are set (generate one with `openssl rand -base64 48`)",
		);
	if (tally && !config.tallyKey && !dev)
		missing.push(
			"CENSUS_TALLY_KEY_FILE: the tally process needs its tally key (make one with `npm run tally-key -- new`)",
		);
	if (missing.length > 0) throw new ConfigError(missing);
	const sealingSecret =
		config.sealingSecret ?? (await developmentSealingSecret(config, logger));
	if (!tally) return { sealingSecret, tallyKeys: undefined };
	const tallyKeys = config.tallyKey
		? "file" in config.tallyKey
			? await readTallyKeyFile(config.tallyKey.file)
			: parseTallyKeySet(config.tallyKey.inline, "CENSUS_TALLY_KEY")
		: await developmentTallyKeys(config, logger);
	return { sealingSecret, tallyKeys };
}

/** Creates a file that must not exist yet, with owner-only access; false if it already exists. */
async function createExclusive(file: string, text: string): Promise<boolean> {
	await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
	try {
		const handle = await open(file, "wx", 0o600);
		try {
			await handle.writeFile(text);
			await handle.sync();
		} finally {
			await handle.close();
		}
		return true;
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
		throw err;
	}
}

async function developmentSealingSecret(
	config: Config,
	logger: Logger,
): Promise<string> {
	const file = path.resolve(config.devKeyDir, "sealing-secret");
	// Earlier versions kept it beside the embedded database; move it out rather than lose an open campaign.
	const old = path.resolve(config.dataDir, "sealing-secret");
	await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
	await rename(old, file).catch(() => undefined);
	const made = await createExclusive(
		file,
		`${randomBytes(48).toString("base64")}\n`,
	);
	if (made)
		logger.warn(
			{ event: "dev-sealing-secret" },
			"CENSUS_SEALING_SECRET is not set: generated a development secret in the development key folder, for a local trial only",
		);
	const secret = (await readFile(file, "utf8")).trim();
	if (secret.length < 32)
		throw new ConfigError([
			`CENSUS_SEALING_SECRET: the development secret in ${config.devKeyDir} is too short; remove that folder only if no campaign needs it`,
		]);
	return secret;
}

async function developmentTallyKeys(
	config: Config,
	logger: Logger,
): Promise<TallyKeySet> {
	const file = path.resolve(config.devKeyDir, "tally-key.json");
	await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
	try {
		await createTallyKeyFile(file, [generateTallyKey(new Date())]);
		logger.warn(
			{ event: "dev-tally-key" },
			"CENSUS_TALLY_KEY_FILE is not set: generated a development tally key in the development key folder, for a local trial only",
		);
	} catch (err) {
		// Made by an earlier run: used as it is, never overwritten.
		if (!(err instanceof TallyKeyFileError)) throw err;
	}
	return readTallyKeyFile(file);
}
