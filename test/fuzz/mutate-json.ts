import fc from "fast-check";

type Path = (string | number)[];

/** Every path to a value inside a JSON value (the root excluded). */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
	if (Array.isArray(value))
		return value.flatMap((v, i) => [
			[...prefix, i],
			...pathsOf(v, [...prefix, i]),
		]);
	if (value && typeof value === "object")
		return Object.entries(value).flatMap(([k, v]) => [
			[...prefix, k],
			...pathsOf(v, [...prefix, k]),
		]);
	return [];
}

/** A value nested `depth` levels deep, in objects and arrays by turns. */
export function deeplyNested(depth: number): unknown {
	let v: unknown = "bottom";
	for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { x: v };
	return v;
}

const deleted = Symbol("deleted");

/** A huge array of `n` numbers, made when the mutation is applied. */
class Huge {
	constructor(readonly n: number) {}
	toString() {
		return `Huge(${this.n})`;
	}
}

/** A value nested `n` levels deep, made when the mutation is applied. */
class Deep {
	constructor(readonly n: number) {}
	toString() {
		return `Deep(${this.n})`;
	}
}

/**
 * The value to put in a payload, a copy each time: a generated `{}` or `[]` is one object shared by every run, and
 * put in place as it is, a later mutation could write into it (growing it run after run) or put it inside itself,
 * a circular payload that cannot be sent (F2 failed so after 194 batches: the harness, not the app).
 */
function materialise(value: unknown): unknown {
	if (value instanceof Huge)
		return Array.from({ length: value.n }, (_, i) => i);
	if (value instanceof Deep) return deeplyNested(value.n);
	// A shallow copy: a deep clone would overflow the stack on the 3,000-deep values.
	if (Array.isArray(value)) return [...value];
	return value !== null && typeof value === "object" ? { ...value } : value;
}

/** What a field may become: another type, nothing, a huge array, deep nesting, or an id from elsewhere. */
export const replacement: fc.Arbitrary<unknown> = fc.oneof(
	fc.constant(deleted),
	fc.constant(null),
	fc.integer(),
	fc.double(),
	fc.boolean(),
	fc.string({ maxLength: 40 }),
	fc.string({ unit: "binary", maxLength: 40 }),
	fc.constant([]),
	fc.constant({}),
	fc.constant({
		__proto__: { polluted: true },
		constructor: { prototype: {} },
	}),
	// Made when applied (a generated array of 20,000 numbers cost more than sending it, and named in a
	// failure it printed whole).
	fc.integer({ min: 1_000, max: 20_000 }).map((n) => new Huge(n)),
	fc.integer({ min: 50, max: 3_000 }).map((n) => new Deep(n)),
	fc.constantFrom(
		"census_unknown_action",
		"census_answer",
		"census_optout",
		"census_publish",
		"census_answer_modal",
		"x".repeat(5_000),
		"T0FOREIGN",
		"E0FOREIGN",
		"U0NOTONROSTER",
		"00000000-0000-4000-8000-00000000dead",
		"adaptiveCard/action",
		"Action.Submit",
		"personal",
		"groupChat",
		"channel",
	),
	fc.uuid(),
);

/** One mutation: which path (an index into the template's paths) gets which replacement. */
export const mutations = fc.array(fc.tuple(fc.nat(), replacement), {
	minLength: 1,
	maxLength: 4,
});

/** A copy of `template` with the mutations applied, each at a path of the template as it was. */
export function mutate(
	template: unknown,
	changes: readonly (readonly [number, unknown])[],
): unknown {
	const copy = structuredClone(template);
	const paths = pathsOf(template);
	for (const [n, value] of changes) {
		const path = paths[n % paths.length];
		if (!path) continue;
		let parent: unknown = copy;
		for (const key of path.slice(0, -1)) {
			if (!parent || typeof parent !== "object") break;
			parent = (parent as Record<string | number, unknown>)[key];
		}
		if (!parent || typeof parent !== "object") continue;
		const last = path[path.length - 1] as string | number;
		if (value === deleted)
			delete (parent as Record<string | number, unknown>)[last];
		else
			(parent as Record<string | number, unknown>)[last] = materialise(value);
	}
	return copy;
}
