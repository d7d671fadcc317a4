import { setImmediate } from "node:timers/promises";
import type { Prisma, PrismaClient } from "@prisma/client";
import type pg from "pg";
import type { PooledBallot } from "../domain/ballots/pool-layer.js";
import type { CampaignId } from "../domain/ids.js";

type Db = PrismaClient | Prisma.TransactionClient;

/** How many ballots of a campaign have not been through a shuffle yet (the unshuffled tail). */
export async function countUnsettled(
	client: pg.PoolClient,
	campaignId: CampaignId,
): Promise<number> {
	const { rows } = await client.query<{ n: number }>(
		"select count(*)::int as n from sealed_ballot where campaign_id = $1::uuid and not settled",
		[campaignId],
	);
	return rows[0]?.n ?? 0;
}

/**
 * Takes a batch out of a campaign's pool and puts it back in random order, with fresh random ids and
 * freshly rewrapped bytes, inside the caller's transaction (a pg client: through Prisma the same
 * rewrite took 8 times the CPU). The batch is the whole pool (`sample` = "all"), or the unshuffled
 * tail plus `sample` settled ballots picked at a random point of the random ids. Every row written
 * shares the transaction's xmin and is settled; neither its position, id, xmin nor bytes say which of
 * the batch arrived when, or let it be followed from one copy of the database to the next. Returns the
 * rows rewritten and how many of them were the tail.
 */
export async function mixPool(
	client: pg.PoolClient,
	campaignId: CampaignId,
	sample: number | "all",
	rewrap: (stored: Buffer) => PooledBallot,
): Promise<{ rewritten: number; tail: number }> {
	const { rows: taken } =
		sample === "all"
			? await client.query<{ sealed: Buffer; settled: boolean }>(
					"delete from sealed_ballot where campaign_id = $1::uuid returning sealed, settled",
					[campaignId],
				)
			: await client.query<{ sealed: Buffer; settled: boolean }>(
					`with pivot as (select gen_random_uuid() as p),
					 picked as (
					   select id from (
					     (select b.id from sealed_ballot b, pivot where b.campaign_id = $1::uuid and b.settled and b.id >= pivot.p order by b.id limit $2)
					     union all
					     (select b.id from sealed_ballot b, pivot where b.campaign_id = $1::uuid and b.settled and b.id < pivot.p order by b.id limit $2)
					   ) around limit $2
					 )
					 delete from sealed_ballot b
					 where b.campaign_id = $1::uuid and (not b.settled or b.id in (select id from picked))
					 returning b.sealed, b.settled`,
					[campaignId, sample],
				);
	if (taken.length === 0) return { rewritten: 0, tail: 0 };
	await client.query(
		`insert into sealed_ballot (id, campaign_id, sealed, settled)
		 select gen_random_uuid(), $1::uuid, s, true from unnest($2::bytea[]) as s order by random()`,
		[campaignId, await rewrapAll(taken, rewrap)],
	);
	return {
		rewritten: taken.length,
		tail: taken.filter((r) => !r.settled).length,
	};
}

/** Ballots rewrapped between two turns of the event loop: a few milliseconds' work. */
const rewrapChunk = 100;

/**
 * Every taken ballot rewrapped, `rewrapChunk` at a time, yielding to the event loop between chunks. The shuffle runs
 * in the process that answers: a whole-pool rewrite rewraps every ballot (tens of microseconds each), and done in one
 * go it held every request of that process for a tenth of a second or more per few thousand ballots, the answer
 * path's slowest hundredth.
 */
async function rewrapAll(
	taken: readonly { sealed: Buffer }[],
	rewrap: (stored: Buffer) => PooledBallot,
): Promise<PooledBallot[]> {
	const out: PooledBallot[] = [];
	for (let i = 0; i < taken.length; i += rewrapChunk) {
		if (i > 0) await setImmediate();
		for (const r of taken.slice(i, i + rewrapChunk)) out.push(rewrap(r.sealed));
	}
	return out;
}

/** How many sealed ballots a campaign's pool holds. */
export async function countPool(
	sql: Pick<pg.Pool, "query">,
	campaignId: CampaignId,
): Promise<number> {
	const { rows } = await sql.query<{ n: number }>(
		"select count(*)::int as n from sealed_ballot where campaign_id = $1::uuid",
		[campaignId],
	);
	return rows[0]?.n ?? 0;
}

/**
 * Every sealed ballot of a campaign, for the one tally at close, in pages of at most `pageSize` in the order of
 * their random ids (so neither arrival nor storage order survives): any not yet through a shuffle first, then the
 * rest, each an index range scan of (campaign_id, settled, id). Straight through pg: a page of bytea costs a
 * fraction of what Prisma's result mapping does, and the close never holds more than a page or two.
 *
 * Each page must be found by the index, not by sorting what is left: ordering by the id cast to text sorted every
 * remaining ballot for every page (on disk, past a few hundred thousand), and a million-ballot close spent 25
 * minutes in PostgreSQL.
 */
export async function* readPoolPages(
	sql: Pick<pg.Pool, "query">,
	campaignId: CampaignId,
	pageSize: number,
): AsyncGenerator<Buffer[]> {
	for (const settled of [false, true]) {
		let after = "00000000-0000-0000-0000-000000000000";
		for (;;) {
			const { rows } = await sql.query<{ id: string; sealed: Buffer }>(
				`select b.id, b.sealed from sealed_ballot b
				 where b.campaign_id = $1::uuid and b.settled = $2 and b.id > $3::uuid
				 order by b.id limit $4`,
				[campaignId, settled, after, pageSize],
			);
			if (rows.length === 0) break;
			after = (rows.at(-1) as { id: string }).id;
			yield rows.map((r) => r.sealed);
			if (rows.length < pageSize) break;
		}
	}
}

/**
 * Deletes every ballot of a campaign (after the tally), in the caller's transaction. When the pool holds no other
 * campaign's ballots (one campaign is open at a time, so at a close it holds none) the table is truncated instead:
 * its files are replaced at commit, with nothing of the rows written to the WAL and no dead row versions left for
 * the vacuum that follows (a million ballots took 3 s to delete and vacuum; this, a fraction of a second). The
 * table is locked first, so no ballot of another campaign can arrive between the look and the truncation.
 */
export async function emptyPool(db: Db, campaignId: CampaignId): Promise<void> {
	await db.$executeRawUnsafe(
		"lock table sealed_ballot in access exclusive mode",
	);
	// Two range scans of the campaign index: `<>` would read every row of this campaign to find none.
	const [others] = await db.$queryRawUnsafe<{ found: boolean }[]>(
		`select exists (select 1 from sealed_ballot where campaign_id < $1::uuid)
		     or exists (select 1 from sealed_ballot where campaign_id > $1::uuid) as found`,
		campaignId,
	);
	if (others?.found)
		await db.$executeRawUnsafe(
			"delete from sealed_ballot where campaign_id = $1::uuid",
			campaignId,
		);
	else await db.$executeRawUnsafe("truncate sealed_ballot");
}

/**
 * Removes dead row versions so deleted or rewritten ballots do not linger in the table's pages. Straight through
 * pg: it follows every shuffle, and through Prisma each call is compiled again.
 */
export async function vacuumPool(sql: Pick<pg.Pool, "query">): Promise<void> {
	await sql.query("vacuum sealed_ballot");
}
