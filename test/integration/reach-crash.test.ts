import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminDeps } from "../../src/chat/admin/admin-deps.js";
import type { AdminReplies } from "../../src/chat/admin/admin-replies.js";
import { slackDialect } from "../../src/chat/admin/dialect.js";
import { runAdminCommand } from "../../src/chat/admin/run-admin-command.js";
import { createReachCheck } from "../../src/chat/reach-check.js";
import { SlackDirectory } from "../../src/chat/slack/slack-directory.js";
import { createLogger } from "../../src/logger.js";
import { FakeSlackApi } from "../../src/sim/fake-slack-api.js";
import {
	createPrismaClient,
	type PrismaClient,
} from "../../src/storage/prisma-client.js";
import { ReachRepository } from "../../src/storage/reach-repository.js";
import { startTestAdminDeps } from "../support/test-admin-deps.js";

/**
 * kill -9 while the roster is being resolved (`npm run roster -- check` between two users.list pages): on restart,
 * `start` resolves again and invites every reachable person exactly once, skipping nobody.
 */
describe("a reach check killed mid-way", () => {
	let deps: AdminDeps;
	let databaseUrl: string;
	let prisma: PrismaClient;
	let stop: () => Promise<void>;
	let fake: FakeSlackApi;
	let child: ChildProcess | undefined;
	const token = "xoxb-crash";

	beforeAll(async () => {
		const started = await startTestAdminDeps(
			"reachcrash",
			["uadmin"],
			createLogger("silent"),
		);
		deps = started.deps;
		databaseUrl = started.databaseUrl;
		stop = started.stop;
		prisma = createPrismaClient(databaseUrl, 2);
		fake = await FakeSlackApi.start({ botToken: token });
		await prisma.$executeRawUnsafe(
			`insert into employee (id, email, department, grade, updated_at)
			 select gen_random_uuid(), 'p' || i || '@org.test', 'Ops', 'G1', now() from generate_series(1, 300) as i`,
		);
		// 280 of the 300 are in Slack (two pages of users.list); 20 are not.
		for (let i = 1; i <= 280; i++)
			fake.addUser({ id: `U${i}`, email: `P${i}@org.test` });
	}, 60_000);

	afterAll(async () => {
		child?.kill("SIGKILL");
		await prisma?.$disconnect();
		await fake?.close();
		await stop?.();
	});

	it("leaves nothing half-done that start would invite twice or skip", async () => {
		child = spawn(
			process.execPath,
			["--import", "tsx", "src/cli/roster.ts", "check"],
			{
				env: {
					PATH: process.env.PATH ?? "",
					DATABASE_URL: databaseUrl,
					SLACK_BOT_TOKEN: token,
					SLACK_SIGNING_SECRET: "crash-test-signing-secret",
					SLACK_API_URL: fake.apiUrl,
					CENSUS_SEALING_SECRET:
						"a-sealing-secret-of-at-least-thirty-two-characters",
					REDIS_URL: "redis://127.0.0.1:6379",
				},
				stdio: "ignore",
			},
		);
		// The first page is in; the second waits for its Tier 2 slot (3 s): kill -9 now.
		await fake.waitForCalls("users.list", 1, 30_000);
		child.kill("SIGKILL");
		await new Promise((r) => child?.once("exit", r));
		expect(fake.callsTo("users.list")).toHaveLength(1);

		const restarted: AdminDeps = {
			...deps,
			checkReach: createReachCheck({
				roster: new ReachRepository(prisma),
				platforms: ["slack", "teams"],
				directories: [
					new SlackDirectory({
						token,
						apiUrl: fake.apiUrl,
						listPerMinute: 600,
					}),
				],
				logger: createLogger("silent"),
			}),
		};
		const said: string[] = [];
		const replies: AdminReplies = {
			text: async (t) => void said.push(t),
			status: async () => undefined,
			preview: async () => undefined,
			file: async () => undefined,
		};
		await runAdminCommand(
			restarted,
			slackDialect,
			replies,
			{
				subcommand: "start",
				args: 'name="After" closes=2099-01-01 channel=#leadership',
			},
			{ userId: "UADMIN" },
		);
		expect(said.at(-1)).toContain("Inviting 280 people");
		const invites = await prisma.$queryRawUnsafe<
			{ email: string; slack_user_id: string; n: number }[]
		>(
			`select e.email, e.slack_user_id, count(*)::int as n from delivery d join employee e on e.id = d.employee_id
			 where d.kind = 'invite' group by 1, 2`,
		);
		expect(invites).toHaveLength(280);
		expect(invites.every((r) => r.n === 1)).toBe(true);
		expect(
			invites.every(
				(r) => r.slack_user_id === `U${r.email.slice(1).split("@")[0]}`,
			),
		).toBe(true);
		const statuses = await prisma.$queryRawUnsafe<
			{ status: string; n: number }[]
		>(
			"select status, count(*)::int as n from invitation group by 1 order by 1",
		);
		expect(statuses).toEqual([
			{ status: "pending", n: 280 },
			{ status: "unreachable", n: 20 },
		]);
	}, 120_000);
});
