import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import {
	checkCompose,
	checkKubernetesObjects,
	readEnvFile,
} from "../../deploy/check/validate-deploy-files.js";

const repo = path.resolve(
	path.dirname(fileURLToPath(import.meta.url)),
	"../..",
);
const composeText = readFileSync(path.join(repo, "compose.yaml"), "utf8");
const env = Object.fromEntries(
	Object.entries(
		readEnvFile(path.join(repo, "deploy/compose.env.example")),
	).map(([k, v]) => [k, v || `example-${k}`]),
);

// The base's plain manifests (the overlays are rendered with kubectl by `npm run check:deploy` in CI).
const baseDir = path.join(repo, "deploy/kubernetes/base");
type Doc = Record<string, unknown>;
function baseObjects(): Doc[] {
	return readdirSync(baseDir)
		.filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml")
		.flatMap((f) =>
			parseAllDocuments(readFileSync(path.join(baseDir, f), "utf8")).map(
				(d) => d.toJS() as Doc,
			),
		);
}
// biome-ignore lint/suspicious/noExplicitAny: the cases below reach deep into a manifest to break one field
function byName(objects: Doc[], kind: string, name: string): any {
	const o = objects.find(
		(x) => x.kind === kind && (x.metadata as { name: string }).name === name,
	);
	if (!o) throw new Error(`no ${kind}/${name}`);
	return o;
}

describe("compose.yaml", () => {
	it("is valid against the Compose specification and keeps the project's rules", () => {
		expect(checkCompose(composeText, env)).toEqual([]);
	});

	it.each([
		[
			"a misspelt service key",
			(t: string) =>
				t.replace(
					"    restart: unless-stopped\n    environment:\n      POSTGRES_USER",
					"    restart_policy: unless-stopped\n    environment:\n      POSTGRES_USER",
				),
			/compose\.services\.postgres: must NOT have additional properties \(restart_policy\)/,
		],
		[
			"a wrong type",
			(t: string) =>
				t.replace(
					"      retries: 30\n    stop_grace_period",
					"      retries: thirty\n    stop_grace_period",
				),
			/compose\.services\.postgres\.healthcheck\.retries: must be (number|integer)/,
		],
		[
			"Redis that may evict BullMQ's keys",
			(t: string) => t.replace("      - noeviction\n", "      - allkeys-lru\n"),
			/noeviction/,
		],
		[
			"the tally key given to the web service",
			(t: string) =>
				t.replace(
					'    command: ["node", "dist/main.js", "--role=web"]\n',
					'    command: ["node", "dist/main.js", "--role=web"]\n    secrets:\n      - census-tally-key\n',
				),
			/web must not be given the tally key secret/,
		],
		[
			"web started before the migration finished",
			(t: string) =>
				t.replace(
					"    condition: service_completed_successfully",
					"    condition: service_started",
				),
			/web must wait for migrate to complete successfully/,
		],
	])("fails on %s", (_what, breakIt, problem) => {
		const broken = breakIt(composeText);
		expect(broken).not.toBe(composeText);
		expect(checkCompose(broken, env).join("\n")).toMatch(problem);
	});

	it("fails when a required setting is missing", () => {
		const { POSTGRES_PASSWORD: _, ...rest } = env;
		expect(checkCompose(composeText, rest).join("\n")).toMatch(
			/\$\{POSTGRES_PASSWORD\} is required/,
		);
	});
});

describe("Kubernetes base manifests", () => {
	it("are valid against the Kubernetes API schemas and keep the project's rules", async () => {
		const objects = baseObjects();
		expect(objects.map((o) => o.kind).sort()).toEqual([
			"ConfigMap",
			"Deployment",
			"Deployment",
			"Deployment",
			"Job",
			"PodDisruptionBudget",
			"PodDisruptionBudget",
			"Service",
		]);
		expect(await checkKubernetesObjects(objects, "base")).toEqual([]);
	});

	it.each([
		[
			"a port that is not a number",
			(o: Doc[]) => {
				byName(
					o,
					"Deployment",
					"census-bot-web",
				).spec.template.spec.containers[0].ports[0].containerPort =
					"three thousand";
			},
			/Deployment\/census-bot-web: .*containerPort must be integer/,
		],
		[
			"a Deployment without a selector",
			(o: Doc[]) => {
				delete byName(o, "Deployment", "census-bot-worker").spec.selector;
			},
			/Deployment\/census-bot-worker: .*must have required property selector/,
		],
		[
			"two tally replicas",
			(o: Doc[]) => {
				byName(o, "Deployment", "census-bot-tally").spec.replicas = 2;
			},
			/tally Deployment must have exactly 1 replica/,
		],
		[
			"the tally key mounted into the worker",
			(o: Doc[]) => {
				byName(
					o,
					"Deployment",
					"census-bot-worker",
				).spec.template.spec.volumes.push({
					name: "key",
					secret: { secretName: "census-bot-tally-key" },
				});
			},
			/census-bot-worker: only the tally pod may mount the census-bot-tally-key Secret/,
		],
		[
			"readiness on /healthz instead of /readyz",
			(o: Doc[]) => {
				byName(
					o,
					"Deployment",
					"census-bot-web",
				).spec.template.spec.containers[0].readinessProbe.httpGet.path =
					"/healthz";
			},
			/census-bot-web container web: the readiness probe must be GET \/readyz/,
		],
		[
			"an object of a kind Kubernetes does not have",
			(o: Doc[]) => {
				o.push({
					apiVersion: "apps/v1",
					kind: "Deploymnet",
					metadata: { name: "x" },
				});
			},
			/Deploymnet\/x: no Kubernetes API schema/,
		],
	])("fail on %s", async (_what, breakIt, problem) => {
		const objects = baseObjects();
		breakIt(objects);
		expect((await checkKubernetesObjects(objects, "base")).join("\n")).toMatch(
			problem,
		);
	});
});
