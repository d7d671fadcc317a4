import type pg from "pg";
import { planMix } from "../domain/ballots/mix-plan.js";
import type { PooledBallot } from "../domain/ballots/pool-layer.js";
import type { CampaignId } from "../domain/ids.js";
import { countUnsettled, mixPool } from "./ballot-pool.js";

/**
 * What one shuffle transaction does: what `planMix` says is due ("due"), any tail at all ("force"),
 * or the whole pool again ("compact", see CensusRepository.shufflePool).
 */
export type ShuffleMode = "due" | "force" | "compact";

/**
 * One shuffle of a campaign's pool in one transaction, if no other is running (a shuffle in flight
 * holds the campaign's lock; close waits for it). Answers keep arriving meanwhile: rows committed
 * after the batch was taken wait for the next shuffle. Returns the rows rewritten and whether they
 * were the whole pool.
 */
export async function shufflePoolOnce(
	pool: pg.Pool,
	campaignId: CampaignId,
	rewrap: (stored: Buffer) => PooledBallot,
	mode: ShuffleMode,
): Promise<{ rewritten: number; whole: boolean }> {
	const none = { rewritten: 0, whole: false };
	const client = await pool.connect();
	try {
		await client.query("begin");
		const locked = await client.query<{ ok: boolean }>(
			"select pg_try_advisory_xact_lock(hashtextextended($1::text, 727)) as ok",
			[campaignId],
		);
		if (!locked.rows[0]?.ok) {
			await client.query("rollback");
			return none;
		}
		const state = (
			await client.query<{
				settled: number;
				last_full: number;
				shuffle_size: number;
			}>(
				"select pool_settled as settled, pool_last_full as last_full, shuffle_size from campaign where id = $1::uuid and status in ('open', 'closing')",
				[campaignId],
			)
		).rows[0];
		const plan = !state
			? "none"
			: mode === "compact"
				? "all"
				: planMix(
						{
							tail: await countUnsettled(client, campaignId),
							settled: state.settled,
							lastFull: state.last_full,
							shuffleSize: state.shuffle_size,
						},
						mode === "force",
					);
		if (!state || plan === "none") {
			await client.query("rollback");
			return none;
		}
		const mixed = await mixPool(
			client,
			campaignId,
			plan === "all" ? "all" : plan.sample,
			rewrap,
		);
		await client.query(
			"update campaign set pool_settled = $2, pool_last_full = $3 where id = $1::uuid",
			[
				campaignId,
				state.settled + mixed.tail,
				plan === "all" ? mixed.rewritten : state.last_full,
			],
		);
		await client.query("commit");
		return { rewritten: mixed.rewritten, whole: plan === "all" };
	} catch (err) {
		await client.query("rollback").catch(() => undefined);
		throw err;
	} finally {
		client.release();
	}
}
