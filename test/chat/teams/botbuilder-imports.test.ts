import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const srcRoot = path.resolve(
	path.dirname(fileURLToPath(import.meta.url)),
	"../../../src",
);
const teamsRoot = path.join(srcRoot, "chat", "teams");

function tsFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return tsFiles(full);
		return e.isFile() && e.name.endsWith(".ts") ? [full] : [];
	});
}

describe("botbuilder", () => {
	it("is imported only inside src/chat/teams/ (README.md, Architecture)", () => {
		const sdk =
			/\bfrom\s*["'](botbuilder|botframework-)[^"']*["']|import\(\s*["'](botbuilder|botframework-)/;
		const outside = tsFiles(srcRoot)
			.filter((f) => !f.startsWith(`${teamsRoot}${path.sep}`))
			.filter((f) => sdk.test(readFileSync(f, "utf8")))
			.map((f) => path.relative(srcRoot, f));
		expect(outside).toEqual([]);
		const inside = tsFiles(teamsRoot).filter((f) =>
			sdk.test(readFileSync(f, "utf8")),
		);
		expect(inside.length).toBeGreaterThan(0);
	});
});
