import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mutate, pathsOf, replacement } from "./mutate-json.js";

describe("mutate (the F2 harness)", () => {
	it("puts a copy of each replacement: a shared value is never written into, nor nested in itself", () => {
		const shared = {};
		const template = { a: { b: 1 } };
		expect(pathsOf(template)).toEqual([["a"], ["a", "b"]]);
		// `a` becomes the value, then `a.b` too: in place, that was the value inside itself.
		const out = mutate(template, [
			[0, shared],
			[1, shared],
		]);
		expect(JSON.stringify(out)).toBe('{"a":{"b":{}}}');
		expect(shared).toEqual({});
	});

	it("makes the huge arrays and the deep nesting it generates when it applies them", () => {
		const made = fc
			.sample(replacement, { numRuns: 2_000, seed: 1 })
			.map((v) => mutate({ a: 1 }, [[0, v]]) as { a: unknown });
		const huge = made.filter((m) => Array.isArray(m.a) && m.a.length >= 1_000);
		const deep = made.filter((m) => depthOf(m.a) >= 50);
		expect(huge.length).toBeGreaterThan(0);
		expect(deep.length).toBeGreaterThan(0);
	});
});

/** How deeply arrays and objects nest in a value. */
function depthOf(value: unknown): number {
	let depth = 0;
	let v = value;
	while (v !== null && typeof v === "object") {
		depth++;
		v = Array.isArray(v) ? v[0] : (v as Record<string, unknown>).x;
	}
	return depth;
}
