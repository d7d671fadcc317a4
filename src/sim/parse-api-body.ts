import { parse as parseQuery } from "node:querystring";

/** Top-level fields that are plain text even when they look like JSON. */
const textFields = new Set([
	"text",
	"initial_comment",
	"alt_txt",
	"title",
	"filename",
	"email",
	"private_metadata",
	"value",
	"query",
]);

function reviveJsonString(key: string, value: string): unknown {
	if (textFields.has(key)) return value;
	const trimmed = value.trim();
	const looksJson =
		(trimmed.startsWith("{") && trimmed.endsWith("}")) ||
		(trimmed.startsWith("[") && trimmed.endsWith("]"));
	if (!looksJson) return value;
	try {
		return JSON.parse(trimmed);
	} catch {
		return value;
	}
}

function fromEntries(
	entries: Iterable<[string, unknown]>,
): Record<string, unknown> {
	const params: Record<string, unknown> = {};
	for (const [key, raw] of entries) {
		const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
		params[key] =
			typeof value === "string" ? reviveJsonString(key, value) : value;
	}
	return params;
}

/**
 * Turns a Web API request body into method params the way Slack reads it: form fields,
 * JSON or multipart; JSON-stringified nested fields such as `blocks` and `view` are parsed back.
 */
export async function parseApiBody(
	contentType: string | undefined,
	raw: Buffer,
	query: string,
): Promise<Record<string, unknown>> {
	const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
	const params = fromEntries(Object.entries(parseQuery(query)));
	if (raw.length === 0) return params;
	if (type === "application/json") {
		const body: unknown = JSON.parse(raw.toString("utf8"));
		if (body && typeof body === "object" && !Array.isArray(body)) {
			Object.assign(params, body);
		}
		return params;
	}
	if (type === "multipart/form-data") {
		const form = await new Response(raw, {
			headers: { "content-type": contentType ?? "" },
		}).formData();
		const entries: [string, unknown][] = [];
		for (const [key, value] of form.entries()) {
			entries.push([
				key,
				typeof value === "string"
					? value
					: Buffer.from(await value.arrayBuffer()),
			]);
		}
		return Object.assign(params, fromEntries(entries));
	}
	return Object.assign(
		params,
		fromEntries(Object.entries(parseQuery(raw.toString("utf8")))),
	);
}
