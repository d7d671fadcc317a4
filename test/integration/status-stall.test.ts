import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminDeps } from "../../src/chat/admin/admin-deps.js";
import type {
	AdminReplies,
	StatusView,
} from "../../src/chat/admin/admin-replies.js";
import { slackDialect, teamsDialect } from "../../src/chat/admin/dialect.js";
import { statusCommand } from "../../src/chat/admin/status-command.js";
import { generateOrganisation } from "../../src/demo/synthetic-organisation.js";
import { createLogger } from "../../src/logger.js";
import { startTestAdminDeps } from "../support/test-admin-deps.js";

/**
 * `census status` warns the admin when deliveries are due and none has settled for longer than the bound, and counts
 * those given up after too many hand-overs.
 */
describe("status: a stalled delivery queue", () => {
	let deps: AdminDeps;
	let stop: () => Promise<void>;
	let db: pg.Client;

	const deliveryLinesOf = async (d = slackDialect): Promise<string[]> => {
		let view: StatusView | undefined;
		const replies: AdminReplies = {
			text: async (t) => {
				throw new Error(`a text instead of the status: ${t}`);
			},
			status: async (v) => {
				view = v;
			},
			preview: async () => undefined,
			file: async () => undefined,
		};
		await statusCommand(deps, d, replies);
		if (!view) throw new Error("no status");
		return view.deliveries;
	};

	beforeAll(async () => {
		const started = await startTestAdminDeps(
			"status-stall",
			["U0ADMIN"],
			createLogger("silent"),
		);
		deps = started.deps;
		stop = started.stop;
		db = new pg.Client({ connectionString: started.databaseUrl });
		await db.connect();
		const people = generateOrganisation(40, 5);
		await db.query(
			`insert into employee (id, email, department, grade, slack_user_id, updated_at)
			 select gen_random_uuid(), e, d, g, s, now()
			 from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as t(e, d, g, s)`,
			[
				people.map((p) => p.email),
				people.map((p) => p.department),
				people.map((p) => p.grade),
				people.map((p) => p.slackUserId),
			],
		);
		const started2 = await deps.service.start(
			{
				name: "Stall",
				closesOn: "2099-01-01",
				channel: "#leadership",
				targetRate: 70,
				questions: ["key"],
			},
			"U0ADMIN",
		);
		if (!started2.ok) throw new Error("not started");
	}, 60_000);

	afterAll(async () => {
		await db?.end();
		await stop?.();
	});

	it("says nothing while the deliveries have only just become due", async () => {
		const lines = await deliveryLinesOf();
		expect(lines.join("\n")).toContain("Invitations: 0 sent, 40 queued");
		expect(lines.join("\n")).not.toContain("stalled");
	});

	it("warns, in each dialect, when they have been due for longer than the bound with none settling", async () => {
		await db.query(
			"update delivery set not_before = now() - interval '10 minutes'",
		);
		const slack = (await deliveryLinesOf(slackDialect)).join("\n");
		expect(slack).toContain(
			"*Deliveries are stalled:* 40 are due, and none has gone out for 10 minutes; the oldest has waited 10 minutes. Check that a worker process is running and can reach Slack, PostgreSQL and Redis.",
		);
		const teams = (await deliveryLinesOf(teamsDialect)).join("\n");
		expect(teams).toContain("**Deliveries are stalled:** 40 are due");
		expect(teams).toContain("can reach Slack or Teams, PostgreSQL and Redis.");
	});

	it("says nothing while deliveries keep settling, however long the backlog has waited", async () => {
		await db.query(
			"update delivery set state = 'sent', settled_at = now() where id = (select id from delivery limit 1)",
		);
		const lines = (await deliveryLinesOf()).join("\n");
		expect(lines).toContain("Invitations: 1 sent, 39 queued");
		expect(lines).not.toContain("stalled");
	});

	it("counts the deliveries given up after too many hand-overs", async () => {
		expect((await deliveryLinesOf()).join("\n")).not.toContain("given up");
		await db.query(
			`update delivery set state = 'unknown', settled_at = now(), requeues = 3, given_up = true
			 where id in (select id from delivery where state = 'queued' limit 2)`,
		);
		await db.query(
			"update delivery set state = 'unknown', settled_at = now() where id = (select id from delivery where state = 'queued' limit 1)",
		);
		const lines = (await deliveryLinesOf()).join("\n");
		expect(lines).toContain("3 unknown");
		expect(lines).toContain(
			"2 of the unknown were given up: their jobs kept ending without sending them (a worker stopped each time), so they are not tried again on their own. Check the worker logs before resending.",
		);
	});
});
