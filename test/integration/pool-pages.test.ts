import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignId } from "../../src/domain/ids.js";
import { readPoolPages } from "../../src/storage/ballot-pool.js";
import { migrate } from "../../src/storage/migrator.js";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";

/** Plan nodes of an EXPLAIN (FORMAT JSON) plan, depth first. */
function planNodes(plan: { "Node Type": string; Plans?: unknown[] }): string[] {
	return [
		plan["Node Type"],
		...((plan.Plans ?? []) as (typeof plan)[]).flatMap(planNodes),
	];
}

describe("the close's read of the pool", () => {
	let db: TestDatabase;
	let pool: pg.Pool;
	let explainer: pg.Client;
	let campaignId: CampaignId;
	const settled = 700;
	const unsettled = 45;

	beforeAll(async () => {
		db = await createTestDatabase("poolpages");
		await migrate(db.url);
		pool = new pg.Pool({ connectionString: db.url, max: 2 });
		explainer = new pg.Client({ connectionString: db.url });
		await explainer.connect();
		// Plans must reach the rows' order without sorting them, as on a pool far too big to sort per page.
		await explainer.query("set enable_sort = off");
		const { rows } = await pool.query<{ id: CampaignId }>(
			`insert into campaign (id, name, channel, target_rate, closes_on, min_cell_size, min_group_headcount,
			   shuffle_size, retention_days, public_key, started_by, questions)
			 values (gen_random_uuid(), 'Pages', '#c', 70, '2099-12-31', 5, 5, 10, 30, '\\x00', 'U1', '{key}') returning id::text as id`,
		);
		campaignId = (rows[0] as { id: CampaignId }).id;
		for (const [n, isSettled] of [
			[settled, true],
			[unsettled, false],
		] as const)
			await pool.query(
				`insert into sealed_ballot (id, campaign_id, sealed, settled)
				 select gen_random_uuid(), $1::uuid, s, $2 from unnest($3::bytea[]) as s`,
				[
					campaignId,
					isSettled,
					Array.from({ length: n }, () => randomBytes(40)),
				],
			);
		await pool.query("analyze sealed_ballot");
	}, 60_000);

	afterAll(async () => {
		await explainer?.end();
		await pool?.end();
		await db?.drop();
	});

	it("yields every ballot exactly once, in pages no bigger than asked", async () => {
		const seen = new Map<string, number>();
		const sizes: number[] = [];
		for await (const page of readPoolPages(pool, campaignId, 64)) {
			sizes.push(page.length);
			for (const b of page)
				seen.set(b.toString("hex"), (seen.get(b.toString("hex")) ?? 0) + 1);
		}
		expect(Math.max(...sizes)).toBeLessThanOrEqual(64);
		expect(seen.size).toBe(settled + unsettled);
		expect([...seen.values()].every((n) => n === 1)).toBe(true);
	});

	it("finds each page through an index, never by sorting what is left of the pool", async () => {
		const plans: string[][] = [];
		const explaining: Pick<pg.Pool, "query"> = {
			query: (async (text: string, values: unknown[]) => {
				const { rows } = await explainer.query<{
					"QUERY PLAN": [{ Plan: { "Node Type": string } }];
				}>(`explain (format json) ${text}`, values);
				plans.push(
					planNodes(
						(rows[0] as { "QUERY PLAN": [{ Plan: { "Node Type": string } }] })[
							"QUERY PLAN"
						][0].Plan,
					),
				);
				return pool.query(text, values);
			}) as Pick<pg.Pool, "query">["query"],
		};
		let pages = 0;
		for await (const _ of readPoolPages(explaining, campaignId, 100)) pages++;
		expect(pages).toBeGreaterThan(7);
		expect(plans.length).toBeGreaterThan(7);
		for (const nodes of plans) expect(nodes).not.toContain("Sort");
	});
});
