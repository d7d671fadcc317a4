import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminDeps } from "../../src/chat/admin/admin-deps.js";
import type { AdminReplies } from "../../src/chat/admin/admin-replies.js";
import { slackDialect } from "../../src/chat/admin/dialect.js";
import { runAdminCommand } from "../../src/chat/admin/run-admin-command.js";
import { createLogger } from "../../src/logger.js";
import {
	createPrismaClient,
	type PrismaClient,
} from "../../src/storage/prisma-client.js";
import { startTestAdminDeps } from "../support/test-admin-deps.js";

/**
 * A roster with no chat ids and no platform that can look people up: start refuses, saying why; once some have ids
 * it starts with a warning, and no rate or manager nudge counts the people it cannot reach.
 */
describe("starting with people nobody can reach", () => {
	let deps: AdminDeps;
	let prisma: PrismaClient;
	let stop: () => Promise<void>;
	const said: string[] = [];
	const replies: AdminReplies = {
		text: async (t) => void said.push(t),
		status: async () => undefined,
		preview: async () => undefined,
		file: async () => undefined,
	};
	const run = (subcommand: string, args = "") =>
		runAdminCommand(
			deps,
			slackDialect,
			replies,
			{ subcommand, args },
			{ userId: "UADMIN" },
		);

	beforeAll(async () => {
		const started = await startTestAdminDeps(
			"unreach",
			["uadmin"],
			createLogger("silent"),
		);
		deps = started.deps;
		stop = started.stop;
		prisma = createPrismaClient(started.databaseUrl, 2);
		// Two departments of 25; the managers are on the roster, with Slack ids so that a nudge could reach them.
		await prisma.$executeRawUnsafe(
			`insert into employee (id, email, department, grade, manager_email, updated_at)
			 select gen_random_uuid(), d || i || '@org.test', d, 'G1', 'boss-' || d || '@org.test', now()
			 from generate_series(1, 25) as i, unnest(array['reached', 'ghost']) as d`,
		);
		await prisma.$executeRawUnsafe(
			`insert into employee (id, email, department, grade, slack_user_id, updated_at)
			 values (gen_random_uuid(), 'boss-reached@org.test', 'Board', 'G9', 'UBOSSR', now()),
			        (gen_random_uuid(), 'boss-ghost@org.test', 'Board', 'G9', 'UBOSSG', now())`,
		);
	}, 60_000);

	afterAll(async () => {
		await prisma?.$disconnect();
		await stop?.();
	});

	it("refuses to start, saying why, when nobody on the roster can be reached", async () => {
		await prisma.$executeRawUnsafe(
			"update employee set active = false where department = 'Board'",
		);
		said.length = 0;
		await run("start", 'name="Nobody" closes=2099-01-01 channel=#leadership');
		expect(said.at(-1)).toContain(
			"Can't start the census: nobody on the roster can be reached, so nobody would be invited.",
		);
		expect(said.at(-1)).toContain(
			"50 have no chat id and no platform to look them up",
		);
		expect(await prisma.campaign.count()).toBe(0);
		await prisma.$executeRawUnsafe(
			"update employee set active = true where department = 'Board'",
		);
	});

	it("warns and starts once some can be reached, and counts the others in no rate or nudge", async () => {
		await prisma.$executeRawUnsafe(
			"update employee set slack_user_id = 'U' || md5(email) where department = 'reached'",
		);
		said.length = 0;
		await run(
			"start",
			'name="Some" closes=2099-01-01 channel=#leadership low=50',
		);
		expect(said[0]).toContain("27 of 52 people on the roster can be invited");
		expect(said[0]).toContain("Starting anyway");
		expect(said.at(-1)).toContain("Inviting 27 people");
		const campaign = await deps.service.currentCampaign();
		if (!campaign) throw new Error("not open");
		const rates = await deps.service.responseRates(campaign.id);
		expect(rates.overall).toMatchObject({ invited: 27, unreachable: 25 });
		// The unreachable department, with the two managers merged into it (too few for a group of their own).
		expect(rates.groups.map((g) => [g.invited, g.unreachable]).sort()).toEqual([
			[2, 25],
			[25, 0],
		]);
		// Nobody has answered: the reached group is low and its manager is nudged; the unreachable one never is.
		await run("nudge");
		const nudged = await prisma.delivery.findMany({
			where: { kind: "nudge" },
			select: { recipient: true },
		});
		expect(nudged.map((n) => n.recipient)).toEqual(["boss-reached@org.test"]);
		expect(said.at(-1)).toContain("1 manager nudge queued");
	});
});
