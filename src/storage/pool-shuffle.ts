import type { Prisma, PrismaClient } from "@prisma/client";
import { planMix } from "../domain/ballots/mix-plan.js";
import type { PooledBallot } from "../domain/ballots/pool-layer.js";
import type { CampaignId } from "../domain/ids.js";
import { countUnsettled, mixPool } from "./ballot-pool.js";

/**
 * What one shuffle transaction does: what `planMix` says is due ("due"), any tail at all ("force"),
 * or the whole pool again ("compact", see shufflePoolOnce).
 */
export type ShuffleMode = "due" | "force" | "compact";

/**
 * One shuffle of a campaign's pool in one transaction, if no other is running (a shuffle in flight
 * holds the campaign's lock; close waits for it). Answers keep arriving meanwhile: rows committed
 * after the batch was taken wait for the next shuffle. Returns the rows rewritten and whether they
 * were the whole pool.
 */
export async function shufflePoolOnce(
	db: PrismaClient,
	campaignId: CampaignId,
	rewrap: (stored: Buffer) => PooledBallot,
	mode: ShuffleMode,
): Promise<{ rewritten: number; whole: boolean }> {
	return db.$transaction(
		async (tx: Prisma.TransactionClient) => {
			const none = { rewritten: 0, whole: false };
			const locked = await tx.$queryRawUnsafe<{ ok: boolean }[]>(
				"select pg_try_advisory_xact_lock(hashtextextended($1::text, 727)) as ok",
				campaignId,
			);
			if (!locked[0]?.ok) return none;
			const rows = await tx.$queryRawUnsafe<
				{ settled: number; last_full: number; shuffle_size: number }[]
			>(
				"select pool_settled as settled, pool_last_full as last_full, shuffle_size from campaign where id = $1::uuid and status in ('open', 'closing')",
				campaignId,
			);
			const state = rows[0];
			if (!state) return none;
			const plan =
				mode === "compact"
					? "all"
					: planMix(
							{
								tail: await countUnsettled(tx, campaignId),
								settled: state.settled,
								lastFull: state.last_full,
								shuffleSize: state.shuffle_size,
							},
							mode === "force",
						);
			if (plan === "none") return none;
			const mixed = await mixPool(
				tx,
				campaignId,
				plan === "all" ? "all" : plan.sample,
				rewrap,
			);
			await tx.$executeRawUnsafe(
				"update campaign set pool_settled = $2, pool_last_full = $3 where id = $1::uuid",
				campaignId,
				state.settled + mixed.tail,
				plan === "all" ? mixed.rewritten : state.last_full,
			);
			return { rewritten: mixed.rewritten, whole: plan === "all" };
		},
		{ timeout: 300_000, maxWait: 30_000 },
	);
}
