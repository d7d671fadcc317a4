import { readFile } from "node:fs/promises";
import path from "node:path";
import { strToU8, zipSync } from "fflate";

/** The placeholder GUID that `manifests/teams/manifest.json` carries instead of a real app id. */
export const placeholderAppId = "00000000-0000-0000-0000-000000000000";

const guid = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

type Manifest = {
	id: string;
	icons: { color: string; outline: string };
	bots?: { botId: string }[];
};

/** Why an app id cannot go into the package, or null when it can. */
export function appIdProblem(appId: string): string | null {
	if (!guid.test(appId))
		return "the app id must be the Azure Bot's Microsoft App ID, a GUID";
	if (appId === placeholderAppId) return "the app id is still the placeholder";
	return null;
}

/**
 * The Teams app package (the zip to upload): `manifest.json` with the app id as both the Teams app id and
 * the bot id, and the two icons it names, all at the root of the archive.
 */
export async function buildTeamsPackage(
	manifestDir: string,
	appId: string,
): Promise<Uint8Array> {
	const problem = appIdProblem(appId);
	if (problem) throw new Error(problem);
	const manifest = JSON.parse(
		await readFile(path.join(manifestDir, "manifest.json"), "utf8"),
	) as Manifest;
	manifest.id = appId;
	for (const bot of manifest.bots ?? []) bot.botId = appId;
	const files: Record<string, Uint8Array> = {
		"manifest.json": strToU8(`${JSON.stringify(manifest, null, "\t")}\n`),
	};
	for (const icon of [manifest.icons.color, manifest.icons.outline])
		files[icon] = await readFile(path.join(manifestDir, icon));
	// A fixed time stamp, so the same inputs give the same bytes.
	return zipSync(files, { mtime: new Date("2026-01-01T00:00:00Z") });
}
