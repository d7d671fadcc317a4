import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Where the stored Slack Web API spec (Swagger 2.0, October 2020) lives. */
export const slackSpecPath = path.resolve(
	path.dirname(fileURLToPath(import.meta.url)),
	"../..",
	"../shared/schemas/slack-web-api.openapi.json",
);

/** Methods added after the spec was frozen, with the arguments WebClient sends them. */
const newerMethods: Record<string, string[]> = {
	"files.getUploadURLExternal": [
		"filename",
		"length",
		"alt_text",
		"snippet_type",
	],
	"files.completeUploadExternal": [
		"files",
		"channel_id",
		"channels",
		"initial_comment",
		"thread_ts",
		"blocks",
	],
};

/** Arguments any call may carry: the token, and the `team_id` WebClient adds when given a `teamId` (Bolt does). */
const universalParams = new Set(["token", "team_id"]);

type Spec = {
	paths?: Record<string, Record<string, { parameters?: { name?: string }[] }>>;
};

let cache: Map<string, Set<string>> | null | undefined;

function loadMethods(): Map<string, Set<string>> | null {
	if (cache !== undefined) return cache;
	if (!existsSync(slackSpecPath)) {
		cache = null;
		return cache;
	}
	const spec = JSON.parse(readFileSync(slackSpecPath, "utf8")) as Spec;
	const methods = new Map<string, Set<string>>();
	for (const [route, verbs] of Object.entries(spec.paths ?? {})) {
		const names = new Set<string>();
		// Some verbs in the spec are wrong (views.* are listed as GET), so every verb counts.
		for (const operation of Object.values(verbs)) {
			for (const param of operation.parameters ?? [])
				if (param.name) names.add(param.name);
		}
		methods.set(route.replace(/^\//, ""), names);
	}
	for (const [method, names] of Object.entries(newerMethods))
		methods.set(method, new Set(names));
	cache = methods;
	return cache;
}

/** Whether the spec file is present; when false, {@link validateSlackCall} checks nothing. */
export function slackSpecAvailable(): boolean {
	return loadMethods() !== null;
}

/**
 * Problems with a Web API call according to the stored spec: unknown method, or argument
 * names the method does not declare. Empty when fine, or when the spec is absent.
 */
export function validateSlackCall(
	method: string,
	params: Record<string, unknown> | string[],
): string[] {
	const methods = loadMethods();
	if (!methods) return [];
	const declared = methods.get(method);
	if (!declared) return [`unknown Slack Web API method "${method}"`];
	const names = Array.isArray(params)
		? params
		: Object.keys(params).filter((name) => params[name] !== undefined);
	return names
		.filter((name) => !universalParams.has(name) && !declared.has(name))
		.map((name) => `"${method}" has no argument "${name}"`);
}
