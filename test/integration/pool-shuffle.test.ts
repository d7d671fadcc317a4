import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PooledBallot } from "../../src/domain/ballots/pool-layer.js";
import { CensusService } from "../../src/domain/campaigns/census-service.js";
import type { Campaign } from "../../src/domain/ports.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { mixPool } from "../../src/storage/ballot-pool.js";
import { CensusRepository } from "../../src/storage/census-repository.js";
import { migrate } from "../../src/storage/migrator.js";
import {
	createPrismaClient,
	type PrismaClient,
	pgPoolOf,
} from "../../src/storage/prisma-client.js";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";

/** The real repository, except that a shuffle waits for `release` first and the shuffles running are counted. */
class GatedRepository extends CensusRepository {
	gate: Promise<void> = Promise.resolve();
	running = 0;
	mostAtOnce = 0;
	calls = 0;

	override async shufflePool(
		...args: Parameters<CensusRepository["shufflePool"]>
	): Promise<number> {
		this.calls++;
		this.running++;
		this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
		try {
			await this.gate;
			return await super.shufflePool(...args);
		} finally {
			this.running--;
		}
	}
}

describe("the pool's shuffle after an answer", () => {
	let db: TestDatabase;
	let prisma: PrismaClient;
	let raw: pg.Client;
	let service: CensusService;
	let store: GatedRepository;
	let campaign: Campaign;

	beforeAll(async () => {
		db = await createTestDatabase("poolshuffle");
		await migrate(db.url);
		raw = new pg.Client({ connectionString: db.url });
		await raw.connect();
		await raw.query(
			`insert into employee (id, email, department, grade, slack_user_id, updated_at)
			 select gen_random_uuid(), 'p' || i || '@example.org', 'Dept', 'G1', 'U' || i, now()
			 from generate_series(1, 8) as i`,
		);
		prisma = createPrismaClient(db.url, 2);
		store = new GatedRepository(prisma);
		service = new CensusService(
			store,
			{ now: () => new Date() },
			ephemeralCustody().serving,
			{
				minCellSize: 1,
				minGroupHeadcount: 1,
				shuffleSize: 2,
				retentionDays: 30,
			},
		);
		const started = await service.start(
			{
				name: "Vacuum",
				closesOn: "2099-12-31",
				channel: "#leadership",
				targetRate: 70,
				questions: ["key"],
			},
			"U-admin",
		);
		if (!started.ok) throw new Error("could not start");
		campaign = started.campaign;
	}, 60_000);

	afterAll(async () => {
		await raw?.end();
		await prisma?.$disconnect();
		await db?.drop();
	});

	const answer = async (slack: string) => {
		const p = await store.findParticipantByUser(campaign.id, {
			platform: "slack",
			id: slack,
		});
		if (!p) throw new Error(`${slack} is not invited`);
		expect(await service.answer(campaign, p, { key: "occ_pnts" })).toBe(
			"recorded",
		);
	};
	const unsettled = async () =>
		(
			await raw.query<{ n: number }>(
				"select count(*)::int as n from sealed_ballot where not settled",
			)
		).rows[0]?.n;

	/** How many times the pool's table was vacuumed by hand (not by autovacuum). */
	const vacuums = async () => {
		await raw.query("select pg_stat_clear_snapshot()");
		const { rows } = await raw.query<{ n: number }>(
			"select vacuum_count::int as n from pg_stat_user_tables where relname = 'sealed_ballot'",
		);
		return rows[0]?.n ?? 0;
	};

	it("vacuums the table once a shuffle has rewritten ballots, so no dead copy of one lingers", async () => {
		const before = await vacuums();
		for (const slack of ["U1", "U2"]) await answer(slack);
		expect(await service.settlePool(campaign)).toBeGreaterThan(0);
		expect(await vacuums()).toBeGreaterThan(before);
	});

	it("runs one shuffle at a time: an answer arriving during one leaves it to look again, and its ballot is shuffled", async () => {
		let release = () => {};
		store.gate = new Promise((r) => {
			release = r;
		});
		store.calls = 0;
		await answer("U3");
		await answer("U4");
		const first = service.settlePool(campaign);
		try {
			// Arrives while that shuffle runs: due again, but the running one takes it.
			await answer("U5");
			await answer("U6");
			const second = service.settlePool(campaign);
			expect(store.calls).toBe(1);
			expect(await second).toBe(0);
		} finally {
			release();
		}
		expect(await first).toBeGreaterThan(0);
		expect(store.mostAtOnce).toBe(1);
		expect(store.calls).toBe(2);
		expect(await unsettled()).toBe(0);
	});

	it("lets other work run while a large batch is rewrapped, and writes back every ballot once, settled", async () => {
		const client = await pgPoolOf(prisma).connect();
		try {
			await client.query("begin");
			await client.query(
				`insert into sealed_ballot (id, campaign_id, sealed)
				 select gen_random_uuid(), $1::uuid, decode(md5(random()::text), 'hex') from generate_series(1, 1000)`,
				[campaign.id],
			);
			const before = await client.query<{ n: number }>(
				"select count(*)::int as n from sealed_ballot where campaign_id = $1::uuid",
				[campaign.id],
			);
			let rewrapped = 0;
			let rewrappedWhenOtherWorkRan: number | null = null;
			const mixed = await mixPool(client, campaign.id, "all", (stored) => {
				if (rewrapped++ === 0)
					setImmediate(() => {
						rewrappedWhenOtherWorkRan = rewrapped;
					});
				return stored as PooledBallot;
			});
			expect(mixed.rewritten).toBe(before.rows[0]?.n);
			expect(rewrapped).toBe(mixed.rewritten);
			// Work queued by the first rewrap ran long before the last one.
			expect(rewrappedWhenOtherWorkRan).not.toBeNull();
			expect(rewrappedWhenOtherWorkRan).toBeLessThan(mixed.rewritten / 2);
			const after = await client.query<{ n: number; settled: number }>(
				"select count(*)::int as n, count(*) filter (where settled)::int as settled from sealed_ballot where campaign_id = $1::uuid",
				[campaign.id],
			);
			expect(after.rows[0]).toEqual({
				n: mixed.rewritten,
				settled: mixed.rewritten,
			});
		} finally {
			await client.query("rollback");
			client.release();
		}
	});
});
