import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { resolveKeys } from "../../src/keys/resolve-keys.js";
import { TallyKeyFileError } from "../../src/keys/tally-key-set.js";
import { createLogger } from "../../src/logger.js";

function capture() {
	const lines: string[] = [];
	return {
		lines,
		logger: createLogger("info", { write: (l: string) => void lines.push(l) }),
	};
}

const dirs: string[] = [];
async function tempDir(): Promise<string> {
	const dir = await mkdtemp(path.join(os.tmpdir(), "census-keys-"));
	dirs.push(dir);
	return dir;
}
afterEach(async () => {
	for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function trialConfig(env: Record<string, string> = {}) {
	const dir = await tempDir();
	const keyDir = path.join(dir, "keys");
	const dataDir = path.join(dir, "data");
	return {
		keyDir,
		dataDir,
		config: loadConfig({
			CENSUS_DEV_KEY_DIR: keyDir,
			CENSUS_DATA_DIR: dataDir,
			...env,
		}),
	};
}

describe("development keys", () => {
	it("are made once for a local trial, in their own folder (not beside the embedded database), owner-only, with a warning", async () => {
		const { keyDir, dataDir, config } = await trialConfig();
		const { lines, logger } = capture();
		const first = await resolveKeys(config, true, logger);
		const second = await resolveKeys(config, true, logger);
		expect(first.sealingSecret.length).toBeGreaterThanOrEqual(32);
		expect(second.sealingSecret).toBe(first.sealingSecret);
		expect(second.tallyKeys?.map((k) => k.id)).toEqual(
			first.tallyKeys?.map((k) => k.id),
		);
		for (const f of ["sealing-secret", "tally-key.json"])
			expect((await stat(path.join(keyDir, f))).mode & 0o077).toBe(0);
		await expect(stat(path.join(dataDir, "sealing-secret"))).rejects.toThrow();
		expect(lines.filter((l) => l.includes("dev-sealing-secret"))).toHaveLength(
			1,
		);
		expect(lines.filter((l) => l.includes("dev-tally-key"))).toHaveLength(1);
		expect(lines.join("\n")).not.toContain(first.sealingSecret);
	});

	it("give a web or worker process no tally key", async () => {
		const { config } = await trialConfig();
		const keys = await resolveKeys(config, false, capture().logger);
		expect(keys.tallyKeys).toBeUndefined();
	});

	it("are never made when DATABASE_URL or platform credentials are set: the secrets must be given", async () => {
		const envs: Record<string, string>[] = [
			{ DATABASE_URL: "postgresql://db.example/census" },
			{ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" },
			{
				TEAMS_APP_ID: "a",
				TEAMS_APP_PASSWORD: "p",
				TEAMS_TENANT_ID: "t",
			},
		];
		for (const env of envs) {
			const { keyDir, config } = await trialConfig(env);
			const err = await resolveKeys(config, true, capture().logger).catch(
				(e: unknown) => e,
			);
			expect(err).toBeInstanceOf(ConfigError);
			expect((err as ConfigError).problems.join("\n")).toMatch(
				/CENSUS_SEALING_SECRET[\s\S]*CENSUS_TALLY_KEY_FILE/,
			);
			await expect(stat(keyDir)).rejects.toThrow();
		}
	});

	it("move an earlier version's secret out of the data folder instead of replacing it", async () => {
		const { dataDir, keyDir, config } = await trialConfig();
		const { mkdir } = await import("node:fs/promises");
		await mkdir(dataDir, { recursive: true });
		await writeFile(
			path.join(dataDir, "sealing-secret"),
			`${"o".repeat(40)}\n`,
		);
		const keys = await resolveKeys(config, false, capture().logger);
		expect(keys.sealingSecret).toBe("o".repeat(40));
		await expect(stat(path.join(dataDir, "sealing-secret"))).rejects.toThrow();
		expect(
			await readFile(path.join(keyDir, "sealing-secret"), "utf8"),
		).toContain("o".repeat(40));
	});
});

describe("configured keys", () => {
	it("read the tally key from CENSUS_TALLY_KEY_FILE or CENSUS_TALLY_KEY", async () => {
		const custody = ephemeralCustody();
		const dir = await tempDir();
		const file = path.join(dir, "tally.json");
		await writeFile(file, custody.tallyKeyText);
		const base = {
			CENSUS_SEALING_SECRET: "s".repeat(40),
			DATABASE_URL: "postgresql://h/db",
		};
		for (const env of [
			{ ...base, CENSUS_TALLY_KEY_FILE: file },
			{ ...base, CENSUS_TALLY_KEY: custody.tallyKeyText },
		]) {
			const keys = await resolveKeys(loadConfig(env), true, capture().logger);
			expect(keys.sealingSecret).toBe("s".repeat(40));
			expect(keys.tallyKeys?.map((k) => k.id)).toEqual([custody.tallyKey.id]);
			expect(
				keys.tallyKeys?.[0]?.publicKey.equals(custody.tallyKey.publicKey),
			).toBe(true);
		}
	});

	it("refuse a missing, malformed or mistyped key file with a clear error naming the source, never a key", async () => {
		const base = {
			CENSUS_SEALING_SECRET: "s".repeat(40),
			DATABASE_URL: "postgresql://h/db",
		};
		const dir = await tempDir();
		const missing = path.join(dir, "nope.json");
		await expect(
			resolveKeys(
				loadConfig({ ...base, CENSUS_TALLY_KEY_FILE: missing }),
				true,
				capture().logger,
			),
		).rejects.toThrow(/does not exist.*tally-key -- new/);
		const text = ephemeralCustody().tallyKeyText;
		const broken = text.replace(
			/"privateKey": "[^"]+"/,
			'"privateKey": "AAAA"',
		);
		const err = await resolveKeys(
			loadConfig({ ...base, CENSUS_TALLY_KEY: broken }),
			true,
			capture().logger,
		).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(TallyKeyFileError);
		expect((err as Error).message).toMatch(
			/CENSUS_TALLY_KEY: key tk-[0-9a-f]+ is not an X25519 private key/,
		);
		await expect(
			resolveKeys(
				loadConfig({ ...base, CENSUS_TALLY_KEY: "{}" }),
				true,
				capture().logger,
			),
		).rejects.toThrow(/not a census-bot tally key file/);
		expect(() =>
			loadConfig({
				...base,
				CENSUS_TALLY_KEY: text,
				CENSUS_TALLY_KEY_FILE: missing,
			}),
		).toThrow(/not both/);
	});
});
