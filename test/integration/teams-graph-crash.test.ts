import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { DeliveryQueue } from "../../src/jobs/delivery-queue.js";
import { deliveryQueueName } from "../../src/jobs/job-definitions.js";
import { FakeBotConnector } from "../../src/sim/fake-bot-connector.js";
import { waitFor } from "../../src/sim/wait-for.js";
import { FakeMicrosoftGraph } from "../fakes/fake-microsoft-graph.js";
import {
	createOutboxFixture,
	type OutboxFixture,
} from "../support/outbox-fixture.js";
import { testRedisPrefix } from "../support/test-database.js";

const app = {
	tenantId: randomUUID(),
	clientId: randomUUID(),
	clientSecret: "crash-secret",
	catalogAppId: randomUUID(),
};
const size = 24;
const cleanups: (() => Promise<unknown>)[] = [];

afterAll(async () => {
	for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

function worker(
	fx: OutboxFixture,
	prefix: string,
	graph: FakeMicrosoftGraph,
	connector: FakeBotConnector,
): Promise<ChildProcess> {
	const child = spawn(
		process.execPath,
		["--import", "tsx", "test/support/teams-graph-worker-child.ts"],
		{
			env: {
				PATH: process.env.PATH ?? "",
				DATABASE_URL: fx.db.url,
				REDIS_URL: "redis://127.0.0.1:6379",
				PREFIX: prefix,
				SERVICE_URL: connector.serviceUrl,
				GRAPH_API_URL: graph.apiUrl,
				GRAPH_LOGIN_URL: graph.loginUrl,
				TENANT_ID: app.tenantId,
				CLIENT_ID: app.clientId,
				CLIENT_SECRET: app.clientSecret,
				CATALOG_APP_ID: app.catalogAppId,
				LOCK_MS: "2000",
				STALLED_CHECK_MS: "1000",
			},
			stdio: ["ignore", "pipe", "pipe"],
		},
	);
	cleanups.push(async () => child.kill("SIGKILL"));
	let out = "";
	child.stderr?.on("data", (b: Buffer) => {
		out += b.toString();
	});
	return new Promise((resolve, reject) => {
		child.stdout?.on("data", (b: Buffer) => {
			out += b.toString();
			if (out.includes("ready\n")) resolve(child);
		});
		child.once("exit", () => reject(new Error(`worker exited:\n${out}`)));
	});
}

/**
 * Issue 16's crash test: a Teams worker is killed with SIGKILL while Graph is installing the app for people (the
 * installs are done in Graph, their answers never arrive). On restart nobody is installed twice (a repeat is a
 * 409), nobody is invited twice and nobody is skipped: installation runs before the claim, so the killed
 * worker's deliveries are still queued, not `unknown`.
 */
describe("a Teams worker killed during installation", () => {
	it("installs and invites everyone exactly once after a restart", async () => {
		const fx = await createOutboxFixture("graphcrash", size);
		cleanups.push(() => fx.close());
		const entraIds = fx.people.map(() => randomUUID());
		await fx.pool.query(
			"update employee e set slack_user_id = null, teams_user_id = t.id from unnest($1::uuid[], $2::text[]) as t(e, id) where e.id = t.e",
			[fx.people.map((p) => p.employeeId), entraIds],
		);
		const graph = await FakeMicrosoftGraph.start({
			...app,
			users: entraIds.map((id, i) => ({
				id,
				mail: `p${i}@example.org`,
				userPrincipalName: `p${i}@example.org`,
				accountEnabled: true,
			})),
		});
		cleanups.push(() => graph.close());
		const connector = await FakeBotConnector.start({
			installedFor: (id) => graph.tenant.hasApp(id),
		});
		cleanups.push(() => connector.close());
		const prefix = testRedisPrefix("graphcrash");
		const redis = new Redis("redis://127.0.0.1:6379", {
			maxRetriesPerRequest: null,
		});
		const queue = new DeliveryQueue(redis, prefix, deliveryQueueName("teams"));
		cleanups.push(async () => {
			await queue.queue.obliterate({ force: true });
			await queue.close();
			const keys = await redis.keys(`${prefix}:*`);
			if (keys.length > 0) await redis.del(...keys);
			redis.disconnect();
		});
		const deliveries = [];
		for (let i = 0; i < size; i++) deliveries.push(await fx.invite(i));
		await queue.enqueue(deliveries);

		// Installs happen in Graph, but no answer comes back: the worker is killed with them in flight.
		graph.holdInstallAnswers = true;
		const doomed = await worker(fx, prefix, graph, connector);
		await waitFor(
			() => (graph.tenant.installs.size >= 4 ? true : undefined),
			20_000,
			"installs in flight",
		);
		const exited = new Promise((r) => doomed.once("exit", r));
		doomed.kill("SIGKILL");
		await exited;
		const installedBeforeKill = graph.tenant.installs.size;
		expect(connector.delivered("send")).toHaveLength(0);
		const states = await fx.pool.query<{ state: string; n: number }>(
			"select state, count(*)::int as n from delivery group by state",
		);
		// Nothing was claimed: installation comes before the claim.
		expect(states.rows).toEqual([{ state: "queued", n: size }]);

		graph.holdInstallAnswers = false;
		await worker(fx, prefix, graph, connector);
		await waitFor(
			() => (connector.delivered("send").length >= size ? true : undefined),
			45_000,
			"every invitation",
		);
		await new Promise((r) => setTimeout(r, 500));
		const sends = connector.delivered("send");
		for (const id of entraIds) {
			expect(
				sends.filter((c) => c.conversationId === graph.tenant.chatIdOf(id)),
			).toHaveLength(1);
			expect(graph.tenant.installs.get(id)).toBe(1);
		}
		// The people installed before the kill were found installed (409), not installed again.
		const conflicts = graph.calls.filter(
			(c) => c.method === "POST" && c.status === 409,
		);
		expect(conflicts.length).toBeGreaterThanOrEqual(installedBeforeKill);
		const after = await fx.pool.query<{ state: string; n: number }>(
			"select state, count(*)::int as n from delivery group by state",
		);
		expect(after.rows).toEqual([{ state: "sent", n: size }]);
	}, 120_000);
});
