import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignId } from "../../src/domain/ids.js";
import { emptyPool } from "../../src/storage/ballot-pool.js";
import { migrate } from "../../src/storage/migrator.js";
import { createPrismaClient } from "../../src/storage/prisma-client.js";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";

/**
 * The close's deletion of a campaign's ballots: the whole table truncated when the pool holds only that campaign
 * (a new file: nothing of the rows is left in the old one), and only that campaign's rows otherwise.
 */
describe("emptying a campaign's pool", () => {
	let db: TestDatabase;
	let sql: pg.Pool;
	let prisma: PrismaClient;

	const newCampaign = async (name: string): Promise<CampaignId> => {
		const { rows } = await sql.query<{ id: CampaignId }>(
			`insert into campaign (id, name, channel, target_rate, closes_on, min_cell_size, min_group_headcount,
			   shuffle_size, retention_days, public_key, started_by, questions)
			 values (gen_random_uuid(), $1, '#c', 70, '2099-12-31', 5, 5, 10, 30, '\\x00', 'U1', '{key}')
			 returning id::text as id`,
			[name],
		);
		return (rows[0] as { id: CampaignId }).id;
	};
	const addBallots = (campaignId: CampaignId, n: number) =>
		sql.query(
			`insert into sealed_ballot (id, campaign_id, sealed, settled)
			 select gen_random_uuid(), $1::uuid, s, true from unnest($2::bytea[]) as s`,
			[campaignId, Array.from({ length: n }, () => randomBytes(40))],
		);
	const countsByCampaign = async () =>
		Object.fromEntries(
			(
				await sql.query<{ campaign_id: string; n: number }>(
					"select campaign_id::text, count(*)::int as n from sealed_ballot group by 1",
				)
			).rows.map((r) => [r.campaign_id, r.n]),
		);
	const fileOf = async () =>
		(
			await sql.query<{ f: string }>(
				"select pg_relation_filenode('sealed_ballot')::text as f",
			)
		).rows[0]?.f;
	const empty = (campaignId: CampaignId) =>
		prisma.$transaction((tx) => emptyPool(tx, campaignId));

	beforeAll(async () => {
		db = await createTestDatabase("emptypool");
		await migrate(db.url);
		sql = new pg.Pool({ connectionString: db.url, max: 2 });
		prisma = createPrismaClient(db.url, 2);
	}, 60_000);

	afterAll(async () => {
		await prisma?.$disconnect();
		await sql?.end();
		await db?.drop();
	});

	it("deletes only the campaign's ballots while another campaign has some, keeping the table's file", async () => {
		const closing = await newCampaign("Closing");
		const other = await newCampaign("Other");
		await addBallots(closing, 30);
		await addBallots(other, 7);
		const file = await fileOf();
		await empty(closing);
		expect(await countsByCampaign()).toEqual({ [other]: 7 });
		expect(await fileOf()).toBe(file);
		await empty(other);
	});

	it("truncates the table when the campaign's ballots are all it holds: a new file, no row left", async () => {
		const only = await newCampaign("Only");
		await addBallots(only, 50);
		const file = await fileOf();
		await empty(only);
		expect(await countsByCampaign()).toEqual({});
		expect(await fileOf()).not.toBe(file);
	});
});
