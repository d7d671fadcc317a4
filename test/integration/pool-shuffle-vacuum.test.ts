import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CensusService } from "../../src/domain/campaigns/census-service.js";
import type { Campaign } from "../../src/domain/ports.js";
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

describe("the pool's shuffle after an answer", () => {
	let db: TestDatabase;
	let prisma: PrismaClient;
	let raw: pg.Client;
	let service: CensusService;
	let store: CensusRepository;
	let campaign: Campaign;

	beforeAll(async () => {
		db = await createTestDatabase("shufflevacuum");
		await migrate(db.url);
		raw = new pg.Client({ connectionString: db.url });
		await raw.connect();
		await raw.query(
			`insert into employee (id, email, department, grade, slack_user_id, updated_at)
			 select gen_random_uuid(), 'p' || i || '@example.org', 'Dept', 'G1', 'U' || i, now()
			 from generate_series(1, 4) as i`,
		);
		prisma = createPrismaClient(db.url, 2);
		store = new CensusRepository(prisma);
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
		for (const slack of ["U1", "U2"]) {
			const p = await store.findParticipantBySlackUser(campaign.id, slack);
			if (!p) throw new Error(`${slack} is not invited`);
			expect(await service.answer(campaign, p, { key: "occ_pnts" })).toBe(
				"recorded",
			);
		}
		expect(await service.settlePool(campaign)).toBeGreaterThan(0);
		expect(await vacuums()).toBeGreaterThan(before);
	});
});
