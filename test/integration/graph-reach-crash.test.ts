import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { waitFor } from "../../src/sim/wait-for.js";
import {
	createPrismaClient,
	type PrismaClient,
} from "../../src/storage/prisma-client.js";
import { FakeMicrosoftGraph } from "../fakes/fake-microsoft-graph.js";
import { startTestAdminDeps } from "../support/test-admin-deps.js";
import { testRedisPrefix } from "../support/test-database.js";

const app = {
	tenantId: randomUUID(),
	clientId: randomUUID(),
	clientSecret: "graph-crash-secret",
	catalogAppId: randomUUID(),
};

/**
 * kill -9 while `npm run roster -- check` resolves Teams people through Microsoft Graph (between two `$batch`es of
 * `/users` lookups): a check run again afterwards finds every person Graph knows, records each one's Entra object id
 * once, and skips nobody. The same check is what `census check` and `start` run for Teams people without an id.
 */
describe("a Graph reach check killed mid-way", () => {
	let databaseUrl: string;
	let prisma: PrismaClient;
	let stop: () => Promise<void>;
	let graph: FakeMicrosoftGraph;
	let child: ChildProcess | undefined;
	const prefix = testRedisPrefix("graphcheck");
	// 280 of the 300 are in the directory; 20 are not.
	const entraIds = Array.from({ length: 280 }, () => randomUUID());

	beforeAll(async () => {
		const started = await startTestAdminDeps(
			"graphcheck",
			["uadmin"],
			createLogger("silent"),
		);
		databaseUrl = started.databaseUrl;
		stop = started.stop;
		prisma = createPrismaClient(databaseUrl, 2);
		await prisma.$executeRawUnsafe(
			`insert into employee (id, email, department, grade, updated_at)
			 select gen_random_uuid(), 'p' || i || '@org.test', 'Ops', 'G1', now() from generate_series(1, 300) as i`,
		);
		graph = await FakeMicrosoftGraph.start({
			...app,
			users: entraIds.map((id, i) => ({
				id,
				mail: `P${i + 1}@org.test`,
				userPrincipalName: `p${i + 1}@org.test`,
				accountEnabled: true,
			})),
		});
	}, 60_000);

	afterAll(async () => {
		child?.kill("SIGKILL");
		const redis = new Redis("redis://127.0.0.1:6379");
		const keys = await redis.keys(`${prefix}:*`);
		if (keys.length > 0) await redis.del(...keys);
		redis.disconnect();
		await prisma?.$disconnect();
		await graph?.close();
		await stop?.();
	});

	const check = () => {
		let out = "";
		const proc = spawn(
			process.execPath,
			["--import", "tsx", "src/cli/roster.ts", "check"],
			{
				env: {
					PATH: process.env.PATH ?? "",
					DATABASE_URL: databaseUrl,
					REDIS_URL: "redis://127.0.0.1:6379",
					CENSUS_REDIS_PREFIX: prefix,
					CENSUS_SEALING_SECRET:
						"a-sealing-secret-of-at-least-thirty-two-characters",
					TEAMS_APP_ID: app.clientId,
					TEAMS_APP_PASSWORD: app.clientSecret,
					TEAMS_TENANT_ID: app.tenantId,
					CENSUS_GRAPH_ENABLED: "true",
					TEAMS_CATALOG_APP_ID: app.catalogAppId,
					GRAPH_API_URL: graph.apiUrl,
					GRAPH_LOGIN_URL: graph.loginUrl,
					// 300 lookups take about 7 s: time to kill the check half-way.
					GRAPH_DIRECTORY_REQUESTS_PER_SECOND: "40",
				},
				stdio: ["ignore", "pipe", "pipe"],
			},
		);
		proc.stdout?.on("data", (b: Buffer) => {
			out += b.toString();
		});
		proc.stderr?.on("data", (b: Buffer) => {
			out += b.toString();
		});
		const exited = new Promise<number | null>((r) => proc.once("exit", r));
		return { proc, exited, output: () => out };
	};

	it("records every Entra id once and skips nobody when run again", async () => {
		const first = check();
		child = first.proc;
		// Some lookups answered, most not yet asked: kill -9 now.
		await waitFor(
			() => (graph.succeeded("directory").length >= 60 ? true : undefined),
			60_000,
			"the first lookups",
		);
		child.kill("SIGKILL");
		await first.exited;
		const asked = graph.calls.filter((c) => c.limit === "directory").length;
		expect(asked).toBeLessThan(300);

		const second = check();
		child = second.proc;
		expect(await second.exited).toBe(0);
		expect(second.output()).toContain("280 of 300");

		const rows = await prisma.$queryRawUnsafe<
			{ email: string; teams_user_id: string | null; reason: string | null }[]
		>(
			"select email, teams_user_id, unreachable_reason as reason from employee order by email",
		);
		const byEmail = new Map(rows.map((r) => [r.email, r]));
		entraIds.forEach((id, i) => {
			expect(byEmail.get(`p${i + 1}@org.test`)).toEqual({
				email: `p${i + 1}@org.test`,
				teams_user_id: id,
				reason: null,
			});
		});
		for (let i = 281; i <= 300; i++)
			expect(byEmail.get(`p${i}@org.test`)?.reason).toBe("not_found");
		// Each Entra id is on one roster row only.
		expect(new Set(rows.map((r) => r.teams_user_id).filter(Boolean)).size).toBe(
			280,
		);
	}, 120_000);
});
