import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Ajv } from "ajv";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { censusSubcommands } from "../../../src/chat/teams/parse-teams-command.js";
import {
	buildTeamsPackage,
	placeholderAppId,
} from "../../../src/cli/build-teams-package.js";
import { decodePng } from "../../support/decode-png.js";
import { readSchemaFixture } from "../../support/schema-fixture.js";

const run = promisify(execFile);
const repoRoot = path.resolve(
	path.dirname(fileURLToPath(import.meta.url)),
	"../../..",
);
const manifestDir = path.join(repoRoot, "manifests", "teams");
const appId = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

type Manifest = {
	manifestVersion: string;
	id: string;
	developer?: Record<string, string>;
	icons: { color: string; outline: string };
	permissions?: string[];
	authorization?: unknown;
	webApplicationInfo?: unknown;
	validDomains?: string[];
	bots: {
		botId: string;
		scopes: string[];
		supportsFiles?: boolean;
		supportsCalling?: boolean;
		supportsVideo?: boolean;
		isNotificationOnly?: boolean;
		commandLists: { scopes: string[]; commands: { title: string }[] }[];
	}[];
};

function validator() {
	const schema = readSchemaFixture("teams-manifest.schema.json");
	// The schema says draft-04 but uses draft-06/07 keywords (test/fixtures/schemas/README.md): compile it as draft-07.
	delete schema.$schema;
	const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
	return ajv.compile(schema);
}

const manifest = async () =>
	JSON.parse(
		await readFile(path.join(manifestDir, "manifest.json"), "utf8"),
	) as Manifest;

describe("manifests/teams/manifest.json", () => {
	it("is a valid Teams app manifest (schema v1.29)", async () => {
		const m = await manifest();
		expect(m.manifestVersion).toBe("1.29");
		const validate = validator();
		validate(m);
		expect(validate.errors ?? []).toEqual([]);
	});

	it("the schema check can fail", async () => {
		const validate = validator();
		const m = await manifest();
		expect(validate({ ...m, id: "not-a-guid" })).toBe(false);
		expect(validate({ ...m, permissions: ["everything"] })).toBe(false);
		expect(validate({ ...m, icons: { color: "color.png" } })).toBe(false);
	});

	it("offers the bot in personal chat and in teams, with the /census subcommands in each", async () => {
		const [bot, ...others] = (await manifest()).bots;
		expect(others).toEqual([]);
		expect([...(bot?.scopes ?? [])].sort()).toEqual(["personal", "team"]);
		const lists = bot?.commandLists ?? [];
		expect(lists.map((l) => l.scopes)).toEqual([["personal"], ["team"]]);
		for (const list of lists)
			expect(list.commands.map((c) => c.title)).toEqual([...censusSubcommands]);
	});

	it("asks for nothing it does not use", async () => {
		const m = await manifest();
		expect(m.permissions ?? []).toEqual([]);
		expect(m.authorization).toBeUndefined();
		expect(m.webApplicationInfo).toBeUndefined();
		expect(m.validDomains ?? []).toEqual([]);
		const bot = m.bots[0];
		// Files: an admin sends the roster CSV in personal chat (the only place Teams hands bots files).
		expect(bot?.supportsFiles).toBe(true);
		expect(bot?.supportsCalling ?? false).toBe(false);
		expect(bot?.supportsVideo ?? false).toBe(false);
		expect(bot?.isNotificationOnly ?? false).toBe(false);
	});

	it("carries the placeholder app id, which the package replaces", async () => {
		const m = await manifest();
		expect(m.id).toBe(placeholderAppId);
		expect(m.bots[0]?.botId).toBe(placeholderAppId);
	});

	it("has a 192x192 colour icon and a 32x32 outline icon, white on transparent", async () => {
		const m = await manifest();
		const color = decodePng(
			await readFile(path.join(manifestDir, m.icons.color)),
		);
		expect([color.width, color.height]).toEqual([192, 192]);
		const outline = decodePng(
			await readFile(path.join(manifestDir, m.icons.outline)),
		);
		expect([outline.width, outline.height]).toEqual([32, 32]);
		let opaque = 0;
		let transparent = 0;
		for (let i = 0; i < outline.rgba.length; i += 4) {
			const [r, g, b, a] = outline.rgba.subarray(i, i + 4);
			if (a === 0) transparent++;
			else {
				expect([r, g, b]).toEqual([255, 255, 255]);
				opaque++;
			}
		}
		expect(opaque).toBeGreaterThan(50);
		expect(transparent).toBeGreaterThan(opaque);
	});
});

/** The organisation as a real deployment configures it. */
const publisher = {
	name: "Acme",
	privacyUrl: "https://intranet.acme.co.uk/privacy/census",
	termsUrl: "https://intranet.acme.co.uk/terms",
};

describe("the Teams app package", () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), "teams-package-"));
	});
	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	it("holds the manifest with the app id, valid against the schema, and the two icons", async () => {
		const files = unzipSync(
			await buildTeamsPackage(manifestDir, appId, publisher),
		);
		expect(Object.keys(files).sort()).toEqual([
			"color.png",
			"manifest.json",
			"outline.png",
		]);
		const packaged = JSON.parse(
			Buffer.from(files["manifest.json"] ?? []).toString("utf8"),
		) as Manifest;
		expect(packaged.id).toBe(appId);
		expect(packaged.bots[0]?.botId).toBe(appId);
		expect(packaged.developer).toEqual({
			name: "Acme",
			websiteUrl: "https://intranet.acme.co.uk/",
			privacyUrl: "https://intranet.acme.co.uk/privacy/census",
			termsOfUseUrl: "https://intranet.acme.co.uk/terms",
		});
		expect(JSON.stringify(packaged)).not.toMatch(/example\.(org|com|net)/);
		const validate = validator();
		validate(packaged);
		expect(validate.errors ?? []).toEqual([]);
		for (const icon of ["color.png", "outline.png"])
			expect(
				Buffer.from(files[icon] ?? []).equals(
					await readFile(path.join(manifestDir, icon)),
				),
			).toBe(true);
	});

	it("is the same bytes for the same inputs", async () => {
		expect(await buildTeamsPackage(manifestDir, appId, publisher)).toEqual(
			await buildTeamsPackage(manifestDir, appId, publisher),
		);
	});

	it("refuses an app id that is not a GUID, or the placeholder", async () => {
		await expect(
			buildTeamsPackage(manifestDir, "my-bot", publisher),
		).rejects.toThrow(/GUID/);
		await expect(
			buildTeamsPackage(manifestDir, placeholderAppId, publisher),
		).rejects.toThrow(/placeholder/);
	});

	it("refuses placeholder or missing privacy and terms links, and a missing name, naming each", async () => {
		await expect(
			buildTeamsPackage(manifestDir, appId, {
				name: "Acme",
				privacyUrl: "https://example.org/census-bot/privacy",
				termsUrl: "https://localhost/terms",
			}),
		).rejects.toThrow(
			/privacy notice: .*placeholder address \(example\.org\).*terms of use: .*placeholder address \(localhost\)/,
		);
		await expect(
			buildTeamsPackage(manifestDir, appId, {
				privacyUrl: "https://www.example.com/p",
			}),
		).rejects.toThrow(
			/name is missing.*privacy notice: .*example\.com.*terms of use is missing/,
		);
	});

	it("npm run teams:package takes the app id from TEAMS_APP_ID or --app-id", async () => {
		const cli = (args: string[], env: Record<string, string> = {}) =>
			run(
				process.execPath,
				["--import", "tsx", "src/cli/teams-package.ts", ...args],
				{
					cwd: repoRoot,
					env: { PATH: process.env.PATH ?? "", ...env },
				},
			);
		const organisation = {
			CENSUS_ORGANISATION: "Acme",
			CENSUS_PRIVACY_URL: "https://intranet.acme.co.uk/privacy/census",
			CENSUS_TERMS_URL: "https://intranet.acme.co.uk/terms",
		};
		const fromEnv = path.join(dir, "env.zip");
		await cli(["--out", fromEnv], { TEAMS_APP_ID: appId, ...organisation });
		const fromFlag = path.join(dir, "flag.zip");
		const other = "3f2504e0-4f89-41d3-9a0c-0305e82c3302";
		await cli(["--out", fromFlag, "--app-id", other], {
			TEAMS_APP_ID: appId,
			...organisation,
		});
		const idIn = async (zip: string) =>
			(
				JSON.parse(
					Buffer.from(
						unzipSync(await readFile(zip))["manifest.json"] ?? [],
					).toString("utf8"),
				) as Manifest
			).id;
		expect(await idIn(fromEnv)).toBe(appId);
		expect(await idIn(fromFlag)).toBe(other);
		await expect(
			cli(["--out", path.join(dir, "none.zip")]),
		).rejects.toMatchObject({
			code: 2,
			stderr: expect.stringContaining("--app-id or set TEAMS_APP_ID"),
		});
		await expect(
			cli(["--out", path.join(dir, "bad.zip"), "--app-id", "bot"]),
		).rejects.toMatchObject({
			code: 2,
			stderr: expect.stringContaining("GUID"),
		});
		await expect(
			cli(["--out", path.join(dir, "placeholder.zip"), "--app-id", appId], {
				...organisation,
				CENSUS_TERMS_URL: "https://example.net/terms",
			}),
		).rejects.toMatchObject({
			code: 2,
			stderr: expect.stringContaining(
				"CENSUS_TERMS_URL: the URL is a placeholder address (example.net)",
			),
		});
		await expect(
			cli([
				"--out",
				path.join(dir, "flagged.zip"),
				"--app-id",
				appId,
				"--privacy-url",
				"https://example.org/privacy",
			]),
		).rejects.toMatchObject({
			code: 2,
			stderr: expect.stringMatching(
				/Can't build the Teams app package:[\s\S]*name is missing[\s\S]*privacy notice: .*example\.org/,
			),
		});
	});
});
