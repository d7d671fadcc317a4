import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** The domain is pure TypeScript: no SDKs, no I/O modules, nothing outside src/domain (README.md, Critical rules). */
const repoRoot = path.resolve(
	path.dirname(fileURLToPath(import.meta.url)),
	"../..",
);
const domainRoot = path.join(repoRoot, "src", "domain");

const forbiddenPackages = [
	/^@slack\//,
	/^botbuilder(\/|-|$)/,
	/^bullmq(\/|$)/,
	/^ioredis(\/|$)/,
	/^@prisma\//,
	/^pg(\/|$)/,
	/^express(\/|$)/,
	/^(node:)?fs(\/|$)/,
	/^(node:)?net(\/|$)/,
	/^(node:)?https?(\/|$)/,
];

function tsFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return tsFiles(full);
		return e.isFile() && e.name.endsWith(".ts") ? [full] : [];
	});
}

/** Every module specifier in static imports, re-exports, side-effect imports, dynamic imports and require. */
function moduleSpecifiers(source: string): string[] {
	const patterns = [
		/\b(?:import|export)\s[^;'"]*?\bfrom\s*["']([^"']+)["']/g,
		/\bimport\s*["']([^"']+)["']/g,
		/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
		/\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
	];
	return patterns.flatMap((re) =>
		[...source.matchAll(re)].map((m) => m[1] ?? ""),
	);
}

/** Why a specifier is not allowed in `file`, or null when it is fine. */
function violation(file: string, specifier: string): string | null {
	if (specifier.startsWith(".")) {
		const target = path.resolve(path.dirname(file), specifier);
		const rel = path.relative(domainRoot, target);
		return rel.startsWith("..") || path.isAbsolute(rel)
			? "leaves src/domain"
			: null;
	}
	if (specifier.startsWith("/")) return "absolute path";
	return forbiddenPackages.some((re) => re.test(specifier))
		? "forbidden package"
		: null;
}

describe("src/domain imports", () => {
	const files = tsFiles(domainRoot);

	it("finds the domain sources", () => {
		expect(files.length).toBeGreaterThan(5);
		expect(files.map((f) => path.relative(domainRoot, f))).toContain(
			"ports.ts",
		);
	});

	it("imports no SDK, I/O module or code outside src/domain", () => {
		const problems = files.flatMap((file) =>
			moduleSpecifiers(readFileSync(file, "utf8")).flatMap((s) => {
				const why = violation(file, s);
				return why ? [`${path.relative(repoRoot, file)}: "${s}" (${why})`] : [];
			}),
		);
		expect(problems).toEqual([]);
	});
});

describe("the import checker itself", () => {
	const file = path.join(domainRoot, "campaigns", "x.ts");

	it("sees every kind of import", () => {
		const src = [
			'import { App } from "@slack/bolt";',
			'import type { X } from "../ports.js";',
			"import {\n\ta,\n\tb,\n} from 'bullmq';",
			'export { y } from "./y.js";',
			'import "ioredis";',
			'const m = await import("node:fs");',
			'const p = require("pg");',
		].join("\n");
		expect(moduleSpecifiers(src)).toEqual(
			expect.arrayContaining([
				"@slack/bolt",
				"../ports.js",
				"bullmq",
				"./y.js",
				"ioredis",
				"node:fs",
				"pg",
			]),
		);
	});

	it.each([
		["@slack/types", "forbidden package"],
		["@prisma/client", "forbidden package"],
		["botbuilder", "forbidden package"],
		["express", "forbidden package"],
		["node:fs/promises", "forbidden package"],
		["node:net", "forbidden package"],
		["node:http", "forbidden package"],
		["fs", "forbidden package"],
		["../../storage/census-repository.js", "leaves src/domain"],
		["../../../src/config.js", "leaves src/domain"],
	])("rejects %s", (specifier, why) => {
		expect(violation(file, specifier)).toBe(why);
	});

	it.each([
		["zod"],
		["node:crypto"],
		["../ports.js"],
		["./reporting-groups.js"],
		["pgp-lite"],
	])("allows %s", (specifier) => {
		expect(violation(file, specifier)).toBeNull();
	});
});
