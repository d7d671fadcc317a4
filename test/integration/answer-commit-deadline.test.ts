import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeBallot } from "../../src/domain/ballots/ballot.js";
import { sealBallot } from "../../src/domain/ballots/ballot-sealer.js";
import { openPoolKey, toPool } from "../../src/domain/ballots/pool-layer.js";
import { CensusService } from "../../src/domain/campaigns/census-service.js";
import type { Campaign, Participant } from "../../src/domain/ports.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { CensusRepository } from "../../src/storage/census-repository.js";
import { migrate } from "../../src/storage/migrator.js";
import {
	createPrismaClient,
	type PrismaClient,
} from "../../src/storage/prisma-client.js";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";

const custody = ephemeralCustody();

/**
 * An answer whose write cannot finish by its deadline records nothing: the person is asked to send it again
 * (Slack shows its own error after 3 s, so an answer committed later would count while they are told it failed).
 */
describe("an answer's write has a deadline (census_record_response's budget) and checks the person itself", () => {
	let db: TestDatabase;
	let prisma: PrismaClient;
	let raw: pg.Client;
	let store: CensusRepository;
	let campaign: Campaign;
	let people: Participant[];

	const q = async (sql: string, params: unknown[] = []) =>
		(await raw.query(sql, params)).rows;
	const pooled = (p: Participant) =>
		toPool(
			openPoolKey(
				custody.sealingSecret,
				campaign.id,
				campaign.wrappedPoolKey as Buffer,
			),
			sealBallot(
				campaign.publicKey,
				makeBallot({ key: "occ_routine" }, p.reportGroup, p.grade),
			),
		);
	const stateOf = async (p: Participant) => ({
		invitation: (
			await q(
				"select status from invitation where campaign_id = $1 and employee_id = $2",
				[campaign.id, p.employeeId],
			)
		)[0]?.status,
		ballots: (
			await q(
				"select count(*)::int as n from sealed_ballot where campaign_id = $1",
				[campaign.id],
			)
		)[0]?.n,
	});
	/** Takes the campaign's lock alone, as close does; resolves once held, to the lock's release after `ms`. */
	const holdLikeClose = async (ms: number) => {
		const c = new pg.Client({ connectionString: db.url });
		await c.connect();
		await c.query("begin");
		await c.query(
			"select pg_advisory_xact_lock(hashtextextended($1::text, 728))",
			[campaign.id],
		);
		return {
			released: (async () => {
				await new Promise((r) => setTimeout(r, ms));
				await c.query("commit");
				await c.end();
			})(),
		};
	};

	beforeAll(async () => {
		db = await createTestDatabase("deadline");
		await migrate(db.url);
		raw = new pg.Client({ connectionString: db.url });
		await raw.connect();
		await q(
			`insert into employee (id, email, department, grade, slack_user_id, updated_at)
			 select gen_random_uuid(), 'p' || i || '@example.org', 'Dept ' || (i % 2), 'G' || (i % 2), 'U' || (100000 + i), now()
			 from generate_series(1, 40) as i`,
		);
		prisma = createPrismaClient(db.url, 4);
		store = new CensusRepository(prisma);
		const service = new CensusService(
			store,
			{ now: () => new Date("2026-11-23T10:00:00Z") },
			custody.serving,
			{
				minCellSize: 10,
				minGroupHeadcount: 20,
				shuffleSize: 10,
				retentionDays: 30,
			},
		);
		const started = await service.start(
			{
				name: "Deadline",
				closesOn: "2026-12-31",
				channel: "#leadership",
				targetRate: 70,
				questions: ["key"],
			},
			"U-admin",
		);
		if (!started.ok) throw new Error("could not start");
		campaign = started.campaign;
		people = [];
		for (const row of await q("select id from employee order by email")) {
			const p = await store.findParticipant(campaign.id, row.id);
			if (p) people.push(p);
		}
	}, 60_000);

	afterAll(async () => {
		await raw?.end();
		await prisma?.$disconnect();
		await db?.drop();
	});

	it("a write held up past its deadline (here behind close's lock) rolls back: too-late, still invited, no ballot", async () => {
		const [late] = people as [Participant];
		const { released } = await holdLikeClose(600);
		const result = await store.recordResponse(
			campaign.id,
			late.employeeId,
			pooled(late),
			performance.now() + 200,
		);
		await released;
		expect(result.outcome).toBe("too-late");
		expect(await stateOf(late)).toEqual({ invitation: "pending", ballots: 0 });
		// Sent again in time, it counts once.
		const again = await store.recordResponse(
			campaign.id,
			late.employeeId,
			pooled(late),
			performance.now() + 2000,
		);
		expect(again.outcome).toBe("recorded");
		expect(await stateOf(late)).toEqual({
			invitation: "responded",
			ballots: 1,
		});
	});

	it("a write that finishes inside its deadline is recorded, and a deadline already past sends nothing to the database", async () => {
		const [, onTime, tooLate] = people as [
			Participant,
			Participant,
			Participant,
		];
		const { released: held } = await holdLikeClose(150);
		const result = await store.recordResponse(
			campaign.id,
			onTime.employeeId,
			pooled(onTime),
			performance.now() + 2000,
		);
		await held;
		expect(result.outcome).toBe("recorded");
		expect((await stateOf(onTime)).invitation).toBe("responded");
		const past = await store.recordResponse(
			campaign.id,
			tooLate.employeeId,
			pooled(tooLate),
			performance.now() - 1,
		);
		expect(past.outcome).toBe("too-late");
		expect((await stateOf(tooLate)).invitation).toBe("pending");
	});

	it("refuses, in the write itself, a person taken off the roster after they were invited: not-invited, nothing written", async () => {
		// The app's lookup before the write refuses them too; this is the ledger's own check, in the same statement
		// as the flip, for an answer whose lookup ran before the roster import that made them a leaver committed.
		const leaver = people[3] as Participant;
		await q("update employee set active = false where id = $1", [
			leaver.employeeId,
		]);
		const before = await stateOf(leaver);
		const result = await store.recordResponse(
			campaign.id,
			leaver.employeeId,
			pooled(leaver),
			performance.now() + 2000,
		);
		expect(result.outcome).toBe("not-invited");
		expect(before.invitation).toBe("pending");
		expect(await stateOf(leaver)).toEqual(before);
	});
});
