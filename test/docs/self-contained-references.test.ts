import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
	independentSchoolBenchmark,
	nationalBenchmark,
} from "../../src/domain/questions/benchmarks.js";
import {
	catalogue,
	questionKeys,
} from "../../src/domain/questions/catalogue.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Every text file under `dir` (recursively), skipping nothing but binary images. */
function filesUnder(dir: string): string[] {
	return readdirSync(path.join(root, dir)).flatMap((name) => {
		const rel = path.join(dir, name);
		if (statSync(path.join(root, rel)).isDirectory()) return filesUnder(rel);
		return /\.(png|zip|ico)$/.test(name) ? [] : [rel];
	});
}

// Built from parts, so that this file does not cite them itself.
const outside = [
	["smc", "spec"].join("-"),
	["DESIGN", "md"].join("."),
	["STYLE", "md"].join("."),
	["privacy", "reliability"].join("-"),
	["platform", "notes"].join("-"),
	["test", "battery"].join("-"),
	["..", "shared"].join("/"),
	["block-kit", "limits"].join("-"),
];

describe("the repository cites only itself", () => {
	it("no source, test, doc, deploy file or README names a document outside the repository", () => {
		const files = [
			"README.md",
			".env.example",
			...["src", "test", "docs", "deploy", "manifests", "prisma"].flatMap(
				filesUnder,
			),
		];
		expect(files.length).toBeGreaterThan(300);
		const found = files.flatMap((f) => {
			const text = readFileSync(path.join(root, f), "utf8");
			return outside
				.filter((name) => text.includes(name))
				.map((name) => `${f}: ${name}`);
		});
		expect(found).toEqual([]);
	});

	it("every docs/… section the code cites exists", () => {
		const cited = new Set<string>();
		for (const f of [
			"README.md",
			...["src", "test", "prisma"].flatMap(filesUnder),
		])
			for (const m of readFileSync(path.join(root, f), "utf8").matchAll(
				/docs\/([a-z-]+\.md) (§[0-9.]+)/g,
			))
				cited.add(`${m[1]} ${m[2]}`);
		expect(cited.size).toBeGreaterThan(5);
		for (const c of cited) {
			const [doc, section] = c.split(" ") as [string, string];
			const headings = readFileSync(path.join(root, "docs", doc), "utf8")
				.split("\n")
				.filter((l) => l.startsWith("#"));
			expect(
				headings.some((h) => h.includes(`${section} `)),
				c,
			).toBe(true);
		}
	});
});

describe("docs/smc-questions.md", () => {
	const doc = readFileSync(path.join(root, "docs", "smc-questions.md"), "utf8");

	it("lists every question and option the bot asks, word for word, with its id", () => {
		for (const key of questionKeys) {
			const q = catalogue[key];
			expect(doc, q.id).toContain(q.text);
			for (const o of q.options)
				expect(doc, o.id).toContain(`| \`${o.id}\` | ${o.text} |`);
		}
	});

	it("gives the benchmark figures the report uses, and cites the SMC's publication", () => {
		for (const share of [
			nationalBenchmark.professional,
			nationalBenchmark.intermediate,
			nationalBenchmark.working_class,
			independentSchoolBenchmark.share,
		])
			expect(doc).toContain(`${Math.round(100 * share)}%`);
		expect(doc).toMatch(/Social Mobility Commission/);
		expect(doc).toMatch(/toolkit/);
	});
});
