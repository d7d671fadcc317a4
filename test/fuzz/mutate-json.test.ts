import { describe, expect, it } from "vitest";
import { mutate, pathsOf } from "./mutate-json.js";

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
});
