import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";

/**
 * Loads a `.env` file into the environment when the file exists, as `.env.example` invites: a variable
 * already set in the environment (even to an empty string) wins over the file. Returns the names it set.
 * A missing file is not an error; an unreadable one is.
 */
export function loadEnvFile(
	file = ".env",
	env: Record<string, string | undefined> = process.env,
): string[] {
	let text: string;
	try {
		text = readFileSync(file, "utf8");
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
		throw err;
	}
	const set: string[] = [];
	for (const [name, value] of Object.entries(parseEnv(text))) {
		if (name in env) continue;
		env[name] = value;
		set.push(name);
	}
	return set;
}
