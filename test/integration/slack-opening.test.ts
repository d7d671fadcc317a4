import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import { waitFor } from "../../src/sim/wait-for.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";

/**
 * A campaign left half-opened (as a start that crashed mid-way leaves it) seen through Slack: `/census status`
 * says how far it got, nothing of it is sent, a start is refused while it may still be working, and once it is
 * stale the next start replaces it.
 */
describe("a half-opened campaign in Slack", () => {
	let t: TestCensus;
	let people: SyntheticEmployee[];
	let admin: SyntheticEmployee;
	const sql = (q: string, ...params: unknown[]) =>
		t.runtime.prisma.$queryRawUnsafe<Record<string, unknown>[]>(q, ...params);

	async function command(text: string): Promise<string> {
		const sent = await t.sim.slashCommand(admin.slackUserId, "/census", text);
		return waitFor(
			() =>
				(
					t.fake.responses.filter((r) => r.url === sent.responseUrl).at(-1)
						?.body as { text?: string } | undefined
				)?.text,
			10_000,
			"a reply",
		);
	}

	beforeAll(async () => {
		people = generateOrganisation(30, 7);
		admin = people[0] as SyntheticEmployee;
		t = await startTestCensus({
			admins: [admin.slackUserId],
			label: "opening",
			tickMs: 200,
		});
		expect(await importPeople(t, people)).toBe(0);
		// What a start that died after its first batch leaves: frozen, opening, 10 of 30 people written.
		await sql(
			`insert into campaign (id, name, status, questions, channel, target_rate, closes_on, min_cell_size,
			   min_group_headcount, shuffle_size, retention_days, public_key, started_by)
			 values ('00000000-0000-4000-8000-000000000001', 'Left over', 'draft', '{key}', '#c', 70, '2099-01-01',
			   10, 20, 10, 30, '\\x00', 'U1')`,
		);
		await sql(
			`insert into campaign_group (campaign_id, name, headcount, members)
			 values ('00000000-0000-4000-8000-000000000001', 'All', 30, '{All}')`,
		);
		await sql(
			"update campaign set status = 'opening', heartbeat_at = now() where name = 'Left over'",
		);
		await sql(
			`with p as (select id from employee order by id limit 10),
			 i as (insert into invitation (campaign_id, employee_id, report_group)
			       select '00000000-0000-4000-8000-000000000001', id, 'All' from p)
			 insert into delivery (id, campaign_id, kind, wave, employee_id, recipient)
			 select gen_random_uuid(), '00000000-0000-4000-8000-000000000001', 'invite', 0, id, id::text from p`,
		);
	}, 60_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("shows its progress in /census status and sends none of it", async () => {
		expect(await command("status")).toMatch(
			/Left over\* is being opened: 10 of 30 invitations written/,
		);
		// Several sweeps of the outbox later, none of its invitations has been queued or sent.
		await new Promise((r) => setTimeout(r, 1000));
		expect(
			await sql("select count(*)::int as n from delivery where enqueued"),
		).toEqual([{ n: 0 }]);
		expect(t.fake.callsTo("chat.postMessage")).toHaveLength(0);
	});

	it("refuses a start while it may still be working", async () => {
		expect(
			await command(
				"start name=Census channel=#leadership closes=2099-01-01 target=70",
			),
		).toMatch(/Left over\* is being opened by another start: 10 of 30/);
	});

	it("is replaced by the next start once it has gone silent", async () => {
		await sql(
			"update campaign set heartbeat_at = now() - interval '10 minutes' where name = 'Left over'",
		);
		expect(await command("status")).toMatch(
			/its start stopped after 10 of 30 invitations, and nothing was sent/,
		);
		expect(
			await command(
				"start name=Census channel=#leadership closes=2099-01-01 target=70",
			),
		).toMatch(
			/Census\* is open until the end of Thursday 1 January 2099. Inviting 30 people/,
		);
		expect(await sql("select name, status from campaign")).toEqual([
			{ name: "Census", status: "open" },
		]);
		expect(t.logs.join("\n")).toMatch(
			/removing a campaign left half-opened by an earlier start/,
		);
		await t.fake.waitForCalls("chat.postMessage", 30, 15_000);
		const sent = t.fake
			.callsTo("chat.postMessage")
			.map((c) => c.params.channel);
		expect(new Set(sent).size).toBe(30);
	});
});
