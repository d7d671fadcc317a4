import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The folder of stored schemas and API specs (see its README for each file's source and version). */
export const schemaFixtureDir = path.resolve(
	path.dirname(fileURLToPath(import.meta.url)),
	"../fixtures/schemas",
);

/**
 * The parsed JSON of one stored schema. A missing file throws with its path: a check that cannot load its
 * schema must fail, never pass having checked nothing.
 */
export function readSchemaFixture<T = Record<string, unknown>>(
	name: string,
): T {
	const file = path.join(schemaFixtureDir, name);
	if (!existsSync(file))
		throw new Error(
			`schema fixture missing: ${file} (see test/fixtures/schemas/README.md)`,
		);
	return JSON.parse(readFileSync(file, "utf8")) as T;
}
