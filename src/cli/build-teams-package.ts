import { readFile } from "node:fs/promises";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { publicUrlProblem } from "../domain/campaigns/public-url-problem.js";

/** The placeholder GUID that `manifests/teams/manifest.json` carries instead of a real app id. */
export const placeholderAppId = "00000000-0000-0000-0000-000000000000";

const guid = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

type Manifest = {
	id: string;
	developer: {
		name: string;
		websiteUrl: string;
		privacyUrl: string;
		termsOfUseUrl: string;
	};
	icons: { color: string; outline: string };
	bots?: { botId: string }[];
};

/** The organisation as the package presents it (Teams shows these in the app's details). */
export type TeamsPublisher = {
	/** The developer name (Teams allows 32 characters). */
	name?: string | undefined;
	privacyUrl?: string | undefined;
	termsUrl?: string | undefined;
};

/** Why an app id cannot go into the package, or null when it can. */
export function appIdProblem(appId: string): string | null {
	if (!guid.test(appId))
		return "the app id must be the Azure Bot's Microsoft App ID, a GUID";
	if (appId === placeholderAppId) return "the app id is still the placeholder";
	return null;
}

/**
 * Every reason the publisher cannot go into the package: each of the name, the privacy notice and the terms of
 * use is required, and the two links must be the organisation's real https pages (never example.org,
 * example.com, example.net or localhost).
 */
export function publisherProblems(p: TeamsPublisher): string[] {
	const problems: string[] = [];
	const name = p.name?.trim() ?? "";
	if (name.length === 0)
		problems.push(
			"the organisation's name is missing (CENSUS_ORGANISATION or --organisation)",
		);
	else if (name.length > 32)
		problems.push("the organisation's name must be at most 32 characters");
	for (const [what, url, source] of [
		["privacy notice", p.privacyUrl, "CENSUS_PRIVACY_URL or --privacy-url"],
		["terms of use", p.termsUrl, "CENSUS_TERMS_URL or --terms-url"],
	] as const) {
		if (url === undefined) problems.push(`the ${what} is missing (${source})`);
		else {
			const problem = publicUrlProblem(url);
			if (problem !== null) problems.push(`the ${what}: ${problem}`);
		}
	}
	return problems;
}

/**
 * The Teams app package (the zip to upload): `manifest.json` with the app id as both the Teams app id and
 * the bot id, the organisation's name and pages as its developer, and the two icons it names, all at the root
 * of the archive. The organisation's website is the privacy notice's site.
 */
export async function buildTeamsPackage(
	manifestDir: string,
	appId: string,
	publisher: TeamsPublisher,
): Promise<Uint8Array> {
	const problems = [appIdProblem(appId), ...publisherProblems(publisher)];
	const found = problems.filter((p): p is string => p !== null);
	if (found.length > 0) throw new Error(found.join("; "));
	const manifest = JSON.parse(
		await readFile(path.join(manifestDir, "manifest.json"), "utf8"),
	) as Manifest;
	manifest.id = appId;
	for (const bot of manifest.bots ?? []) bot.botId = appId;
	const privacyUrl = publisher.privacyUrl ?? "";
	manifest.developer = {
		name: publisher.name?.trim() ?? "",
		websiteUrl: `${new URL(privacyUrl).origin}/`,
		privacyUrl,
		termsOfUseUrl: publisher.termsUrl ?? "",
	};
	const files: Record<string, Uint8Array> = {
		"manifest.json": strToU8(`${JSON.stringify(manifest, null, "\t")}\n`),
	};
	for (const icon of [manifest.icons.color, manifest.icons.outline])
		files[icon] = await readFile(path.join(manifestDir, icon));
	// A fixed time stamp, so the same inputs give the same bytes.
	return zipSync(files, { mtime: new Date("2026-01-01T00:00:00Z") });
}
