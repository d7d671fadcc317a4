import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where the stored Slack Web API spec (Swagger 2.0, October 2020) lives: a test fixture, since only the tests'
 * checks of the fake workspace's calls read it (test/fixtures/schemas/README.md says where it comes from).
 */
export const slackSpecPath = path.resolve(
	path.dirname(fileURLToPath(import.meta.url)),
	"../..",
	"test/fixtures/schemas/slack-web-api.openapi.json",
);

/** Methods added after the spec was frozen, with the arguments Slack's method pages document. */
const newerMethods: Record<string, string[]> = {
	"auth.teams.list": ["cursor", "limit", "include_icon"],
	"files.getUploadURLExternal": [
		"filename",
		"length",
		"alt_txt",
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

let cache: Map<string, Set<string>> | undefined;

/** The spec's methods and their argument names; throws with the path when the spec is missing. */
function loadMethods(): Map<string, Set<string>> {
	if (cache !== undefined) return cache;
	if (!existsSync(slackSpecPath))
		throw new Error(
			`Slack Web API spec missing: ${slackSpecPath}; no call can be checked without it`,
		);
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

/**
 * Problems with a Web API call according to the stored spec: unknown method, or argument
 * names the method does not declare. Empty when fine; throws when the spec is absent.
 */
export function validateSlackCall(
	method: string,
	params: Record<string, unknown> | string[],
): string[] {
	const methods = loadMethods();
	const declared = methods.get(method);
	if (!declared) return [`unknown Slack Web API method "${method}"`];
	const names = Array.isArray(params)
		? params
		: Object.keys(params).filter((name) => params[name] !== undefined);
	return names
		.filter((name) => !universalParams.has(name) && !declared.has(name))
		.map((name) => `"${method}" has no argument "${name}"`);
}
