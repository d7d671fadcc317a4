import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../logger.js";

/**
 * The secret that wraps campaign keys. Configured in production; in development one is
 * generated once under the data folder, with a warning, so that `npm run demo` needs no setup.
 */
export async function resolveSealingSecret(
	configured: string | undefined,
	dataDir: string,
	logger: Logger,
): Promise<string> {
	if (configured) return configured;
	const file = path.resolve(dataDir, "sealing-secret");
	try {
		const existing = (await readFile(file, "utf8")).trim();
		if (existing.length >= 32) return existing;
	} catch {
		// Not created yet.
	}
	await mkdir(path.dirname(file), { recursive: true });
	const secret = randomBytes(48).toString("base64");
	await writeFile(file, `${secret}\n`, { mode: 0o600 });
	logger.warn(
		{ event: "dev-sealing-secret" },
		"CENSUS_SEALING_SECRET is not set: generated a development secret under the data folder. Set it in production.",
	);
	return secret;
}
