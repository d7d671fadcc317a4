import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AdminDeps } from "../../src/chat/admin/admin-deps.js";
import type { AdminReplies } from "../../src/chat/admin/admin-replies.js";
import { slackDialect } from "../../src/chat/admin/dialect.js";
import {
	nudgeCommand,
	remindCommand,
} from "../../src/chat/admin/outreach-commands.js";
import type { Campaign } from "../../src/domain/ports.js";
import { createLogger } from "../../src/logger.js";
import { startTestAdminDeps } from "../support/test-admin-deps.js";

/**
 * A manager gets at most one nudge per wave however `remind` (a reminder wave with its nudges) and `nudge` (a
 * nudge wave of its own) are combined. Two departments of 24, each managed by its first member; nobody has
 * answered, and `low=100` puts both below the threshold.
 */
describe("at most one nudge per manager per wave", () => {
	let deps: AdminDeps;
	let stop: () => Promise<void>;
	let db: pg.Client;
	let campaign: Campaign;
	const said: string[] = [];
	const replies: AdminReplies = {
		text: async (t) => {
			said.push(t);
		},
		status: async () => undefined,
		preview: async () => undefined,
		file: async () => undefined,
	};

	/** Nudge deliveries per manager's email, whatever their wave. */
	const nudgesPerManager = async (): Promise<Record<string, number>> => {
		const { rows } = await db.query<{ recipient: string; n: number }>(
			"select recipient, count(*)::int as n from delivery where kind = 'nudge' group by recipient order by recipient",
		);
		return Object.fromEntries(rows.map((r) => [r.recipient, r.n]));
	};
	const managers = ["boss.finance@acme.co.uk", "boss.legal@acme.co.uk"];
	const each = (n: number) => Object.fromEntries(managers.map((m) => [m, n]));

	beforeEach(async () => {
		said.length = 0;
		const started = await startTestAdminDeps(
			"nudge-once",
			["U0ADMIN"],
			createLogger("silent"),
		);
		deps = started.deps;
		stop = started.stop;
		db = new pg.Client({ connectionString: started.databaseUrl });
		await db.connect();
		const rows: [string, string, string | null][] = [];
		for (const [i, dept] of ["Finance", "Legal"].entries())
			for (let n = 0; n < 24; n++)
				rows.push(
					n === 0
						? [managers[i] as string, dept, null]
						: [
								`${dept.toLowerCase()}${n}@acme.co.uk`,
								dept,
								managers[i] as string,
							],
				);
		await db.query(
			`insert into employee (id, email, department, grade, manager_email, slack_user_id, updated_at)
			 select gen_random_uuid(), e, d, 'G1', m, 'U' || upper(md5(e)), now()
			 from unnest($1::text[], $2::text[], $3::text[]) as t(e, d, m)`,
			[rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
		);
		const result = await deps.service.start(
			{
				name: "Nudges",
				closesOn: "2099-01-01",
				channel: "#leadership",
				targetRate: 70,
				questions: ["key"],
				lowUptakePercent: 100,
			},
			"U0ADMIN",
		);
		if (!result.ok) throw new Error(`not started: ${result.reason}`);
		campaign = result.campaign;
	}, 60_000);

	afterEach(async () => {
		await db?.end();
		await stop?.();
	});

	it("remind then nudge: the nudge sends nothing more, and says why", async () => {
		await remindCommand(deps, slackDialect, replies);
		expect(await nudgesPerManager()).toEqual(each(1));
		await nudgeCommand(deps, slackDialect, replies);
		expect(await nudgesPerManager()).toEqual(each(1));
		expect(said.at(-1)).toBe(
			"No manager was nudged: 2 managers already had a nudge in this wave, and each gets at most one.",
		);
	});

	it("nudge then remind: the reminder wave's nudges skip the managers just nudged", async () => {
		await nudgeCommand(deps, slackDialect, replies);
		expect(await nudgesPerManager()).toEqual(each(1));
		await remindCommand(deps, slackDialect, replies);
		expect(await nudgesPerManager()).toEqual(each(1));
		expect(said.at(-1)).toMatch(
			/0 manager nudges for groups below 100%\..* 2 managers already had a nudge in this wave, so get no other\.$/,
		);
	});

	it("nudge twice: the second sends nothing", async () => {
		await nudgeCommand(deps, slackDialect, replies);
		await nudgeCommand(deps, slackDialect, replies);
		expect(await nudgesPerManager()).toEqual(each(1));
	});

	it("a later reminder wave is a new wave: each manager gets its nudge", async () => {
		await remindCommand(deps, slackDialect, replies);
		await nudgeCommand(deps, slackDialect, replies);
		await remindCommand(deps, slackDialect, replies);
		expect(await nudgesPerManager()).toEqual(each(2));
		await deps.outreach.nudge(campaign);
		expect(await nudgesPerManager()).toEqual(each(2));
	});
});
