import type { CampaignId, EmployeeId } from "../ids.js";
import type { RecordResponseResult } from "../ports.js";
import type { PooledBallot } from "./pool-layer.js";

/**
 * The ballot pool: sealed ballots in, sealed ballots out, with no identity beside them. A ballot is written only
 * together with its participation flip, and takes ciphertext only: no method accepts an id next to an answer, or
 * returns anyone's id. Deliberately excluded: editing or reading single ballots, and any query joining a ballot to
 * a person.
 */
export type BallotStore = {
	/**
	 * Flips participation and adds the sealed ballot in one transaction, unless the campaign has
	 * stopped taking answers; also says how many ballots now wait for a shuffle (the tail). With `commitBy`
	 * (a `performance.now()` time), a write not finished by then records nothing and answers "too-late".
	 */
	recordResponse(
		campaignId: CampaignId,
		employeeId: EmployeeId,
		ballot: PooledBallot,
		commitBy?: number,
	): Promise<{ outcome: RecordResponseResult; tail: number }>;
	/**
	 * When at least `shuffleSize` ballots arrived since the last shuffle (or any, with `force`), mixes
	 * them into the pool as `planMix` decides (domain/ballots/mix-plan.ts): rewritten in random order
	 * with fresh random ids and bytes, with a random sample of the pool or all of it, then vacuums.
	 * Returns the number of ballots rewritten (0 when not due, or when another shuffle is running).
	 */
	shufflePool(
		campaignId: CampaignId,
		rewrap: (stored: Buffer) => PooledBallot,
		force?: boolean,
	): Promise<number>;
	/** How many ballots the campaign's pool holds. */
	countPool(campaignId: CampaignId): Promise<number>;
	/** Every stored ballot of the campaign, for the one tally at close, a page at a time, in random order. */
	readPool(campaignId: CampaignId, pageSize: number): AsyncIterable<Buffer[]>;
};
