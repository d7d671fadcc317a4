import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadEnvFile } from "../src/env-file.js";

describe("loadEnvFile", () => {
	let dir: string | undefined;
	afterEach(() => {
		if (dir) rmSync(dir, { recursive: true, force: true });
		dir = undefined;
	});
	function envFile(text: string): string {
		dir = mkdtempSync(path.join(tmpdir(), "census-env-"));
		const file = path.join(dir, ".env");
		writeFileSync(file, text);
		return file;
	}

	it("sets what the file names and the environment does not", () => {
		const file = envFile(
			'# a comment\nPORT=3100\nCENSUS_ADMINS="a@example.org, b@example.org"\n',
		);
		const env: Record<string, string | undefined> = {};
		expect(loadEnvFile(file, env).sort()).toEqual(["CENSUS_ADMINS", "PORT"]);
		expect(env).toEqual({
			PORT: "3100",
			CENSUS_ADMINS: "a@example.org, b@example.org",
		});
	});

	it("lets the environment win, even a variable set to an empty string", () => {
		const file = envFile("PORT=3100\nLOG_LEVEL=debug\nREDIS_URL=redis://x\n");
		const env: Record<string, string | undefined> = {
			PORT: "4000",
			REDIS_URL: "",
		};
		expect(loadEnvFile(file, env)).toEqual(["LOG_LEVEL"]);
		expect(env).toEqual({ PORT: "4000", REDIS_URL: "", LOG_LEVEL: "debug" });
	});

	it("does nothing when there is no file", () => {
		const env: Record<string, string | undefined> = { PORT: "1" };
		expect(
			loadEnvFile(path.join(tmpdir(), "no-such-dir", ".env"), env),
		).toEqual([]);
		expect(env).toEqual({ PORT: "1" });
	});

	it("reports a file it cannot read", () => {
		dir = mkdtempSync(path.join(tmpdir(), "census-env-"));
		expect(() => loadEnvFile(dir as string, {})).toThrow(/EISDIR/);
	});
});
