import { describe, expect, it } from "vitest";
import {
	functionLengths,
	functionLengthsIn,
	functionLineLimit,
} from "../../tools/function-lengths.js";

describe("function length", () => {
	it(`every function in src/ is at most ${functionLineLimit} lines`, () => {
		const all = functionLengths(["src"]);
		expect(all.length).toBeGreaterThan(1000);
		const long = all
			.filter((f) => f.lines > functionLineLimit)
			.map((f) => `${f.file} ${f.name}: ${f.lines} lines`);
		expect(long).toEqual([]);
	}, 60_000); // parses every file of src/: seconds on a busy machine

	it(`every function of the tools (bench harness) is at most ${functionLineLimit} lines too`, () => {
		const all = functionLengths(["tools"]);
		expect(all.length).toBeGreaterThan(100);
		const long = all
			.filter((f) => f.lines > functionLineLimit)
			.map((f) => `${f.file} ${f.name}: ${f.lines} lines`);
		expect(long).toEqual([]);
	});

	it("counts each function from its first line to its last, a nested one on its own and inside its parent", () => {
		const text = [
			"export function outer(): number {", // 1
			"\tconst inner = (a: number) => {", // 2
			"\t\treturn a + 1;", // 3
			"\t};", // 4
			"\treturn inner(1);", // 5
			"}", // 6
			"class Box {", // 7
			"\tconstructor() {}", // 8
			"\tget size(): number {", // 9
			"\t\treturn 1;", // 10
			"\t}", // 11
			"}", // 12
			"declare function bodiless(): void;", // 13
		].join("\n");
		const found = functionLengthsIn("x.ts", text).map(
			(f) => `${f.name}:${f.lines}`,
		);
		expect(found).toEqual(["outer:6", "inner:3", "constructor:1", "size:3"]);
	});
});
