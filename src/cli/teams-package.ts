import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadTeamsAppId } from "../config.js";
import { appIdProblem, buildTeamsPackage } from "./build-teams-package.js";

const help = `Usage: npm run teams:package -- [--app-id GUID] [--out FILE]

Builds the Teams app package (the zip to upload in Teams or the Teams admin center) from manifests/teams/,
with the bot's Microsoft App ID from --app-id or TEAMS_APP_ID. Default output: census-output/census-teams-app.zip.`;

async function main(): Promise<number> {
	let values: { "app-id"?: string; out?: string; help?: boolean };
	try {
		values = parseArgs({
			options: {
				"app-id": { type: "string" },
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
	const appId = values["app-id"] ?? loadTeamsAppId();
	if (!appId) {
		process.stderr.write(`Pass --app-id or set TEAMS_APP_ID.\n\n${help}\n`);
		return 2;
	}
	const problem = appIdProblem(appId);
	if (problem) {
		process.stderr.write(`${problem}.\n`);
		return 2;
	}
	const out = values.out ?? "census-output/census-teams-app.zip";
	const zip = await buildTeamsPackage(path.join("manifests", "teams"), appId);
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
