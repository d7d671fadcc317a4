/** Helpers for reading Block Kit JSON in tests. */

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json =>
	typeof v === "object" && v !== null;

/** Every object nested anywhere in `v`, including `v` itself. */
export function objects(v: unknown): Json[] {
	if (Array.isArray(v)) return v.flatMap(objects);
	if (!isObject(v)) return [];
	return [v, ...Object.values(v).flatMap(objects)];
}

/** The `text` of a text object, or "". */
export const textOf = (t: unknown): string =>
	isObject(t) && typeof t.text === "string" ? t.text : "";
