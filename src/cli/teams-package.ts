import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, loadTeamsPackageSettings } from "../config.js";
import {
	appIdProblem,
	buildTeamsPackage,
	publisherProblems,
	type TeamsPublisher,
} from "./build-teams-package.js";

const help = `Usage: npm run teams:package -- [--app-id GUID] [--organisation NAME] [--privacy-url URL]
                              [--terms-url URL] [--out FILE]

Builds the Teams app package (the zip to upload in Teams or the Teams admin center) from manifests/teams/.
  --app-id        the bot's Microsoft App ID (default: TEAMS_APP_ID)
  --organisation  your organisation's name, shown as the app's developer (default: CENSUS_ORGANISATION)
  --privacy-url   your privacy notice for the census, https (default: CENSUS_PRIVACY_URL)
  --terms-url     your terms of use, https (default: CENSUS_TERMS_URL)
  --out           where to write it (default: census-output/census-teams-app.zip)
Placeholder links (example.org, example.com, example.net, localhost) are refused: Teams shows these links to
everyone who installs the app.`;

async function main(): Promise<number> {
	let values: {
		"app-id"?: string;
		organisation?: string;
		"privacy-url"?: string;
		"terms-url"?: string;
		out?: string;
		help?: boolean;
	};
	try {
		values = parseArgs({
			options: {
				"app-id": { type: "string" },
				organisation: { type: "string" },
				"privacy-url": { type: "string" },
				"terms-url": { type: "string" },
				out: { type: "string", default: "census-output/census-teams-app.zip" },
				help: { type: "boolean", short: "h" },
			},
		}).values;
	} catch (err) {
		process.stderr.write(`${(err as Error).message}\n\n${help}\n`);
		return 2;
	}
	if (values.help) {
		process.stdout.write(`${help}\n`);
		return 0;
	}
	let settings: ReturnType<typeof loadTeamsPackageSettings>;
	try {
		settings = loadTeamsPackageSettings();
	} catch (err) {
		if (!(err instanceof ConfigError)) throw err;
		process.stderr.write(`${err.message}\n`);
		return 2;
	}
	const appId = values["app-id"] ?? settings.appId;
	if (!appId) {
		process.stderr.write(`Pass --app-id or set TEAMS_APP_ID.\n\n${help}\n`);
		return 2;
	}
	const publisher: TeamsPublisher = {
		name: values.organisation ?? settings.name,
		privacyUrl: values["privacy-url"] ?? settings.privacyUrl,
		termsUrl: values["terms-url"] ?? settings.termsUrl,
	};
	const problems = [appIdProblem(appId), ...publisherProblems(publisher)];
	const found = problems.filter((p): p is string => p !== null);
	if (found.length > 0) {
		process.stderr.write(
			`Can't build the Teams app package:\n${found.map((p) => `  - ${p}`).join("\n")}\n\n${help}\n`,
		);
		return 2;
	}
	const out = values.out ?? "census-output/census-teams-app.zip";
	const zip = await buildTeamsPackage(
		path.join("manifests", "teams"),
		appId,
		publisher,
	);
	await mkdir(path.dirname(out), { recursive: true });
	await writeFile(out, zip);
	process.stdout.write(
		`Wrote ${out} (${zip.length} bytes) for app ${appId}.\n`,
	);
	return 0;
}

main().then(
	(code) => process.exit(code),
	(err: unknown) => {
		process.stderr.write(
			`teams:package failed: ${err instanceof Error ? err.message : String(err)}\n`,
		);
		process.exit(1);
	},
);
