import type { CampaignId, EmployeeId } from "../ids.js";
import type { Campaign, RecordResponseResult } from "../ports.js";
import type { Ballot } from "./ballot.js";
import { sealBallot } from "./ballot-sealer.js";
import type { BallotStore } from "./ballot-store.js";
import { openPoolKey, type PoolKey, rewrap, toPool } from "./pool-layer.js";

/**
 * Where answers become ballots: seals each to the campaign's key, wraps it for the pool and writes it with the
 * participation flip, and shuffles the pool when due. It holds the ballot port only, so it has no way to look
 * anyone up: the person it is given is used for the flip and nothing else.
 */
export class BallotBox {
	private readonly poolKeys = new Map<CampaignId, PoolKey>();
	/** Campaigns whose last answer here left m or more ballots unshuffled. */
	private readonly shuffleDue = new Set<CampaignId>();

	constructor(
		private readonly store: BallotStore,
		private readonly sealingSecret: string,
	) {}

	/** Seals the ballot and records it with `employeeId`'s participation flip; "campaign-closed" once closed. */
	async cast(
		campaign: Campaign,
		employeeId: EmployeeId,
		ballot: Ballot,
		/** A `performance.now()` time: a write not finished by then records nothing ("too-late"). */
		commitBy?: number,
	): Promise<RecordResponseResult> {
		const poolKey = this.poolKeyOf(campaign);
		if (!poolKey) return "campaign-closed";
		const sealed = sealBallot(campaign.publicKey, ballot);
		const { outcome, tail } = await this.store.recordResponse(
			campaign.id,
			employeeId,
			toPool(poolKey, sealed),
			commitBy,
		);
		if (tail >= campaign.shuffleSize) this.shuffleDue.add(campaign.id);
		return outcome;
	}

	/** The shuffle running in this process, per campaign (see `settle`). */
	private readonly shuffling = new Map<CampaignId, Promise<number>>();

	/**
	 * Shuffles the pool when m answers have arrived since the last shuffle. Called after the
	 * person's answer is acknowledged, so nobody waits for it; returns the ballots rewritten.
	 * One shuffle of a campaign at a time in this process: an answer that finds one running leaves
	 * it to look again when it ends (its own batch may have missed that answer's ballot), instead of
	 * starting another that could only find the campaign's lock taken. At a census's peak that was
	 * several wasted round trips for every answer that arrived while a shuffle ran.
	 */
	async settle(campaign: Campaign): Promise<number> {
		const poolKey = this.poolKeyOf(campaign);
		if (
			!poolKey ||
			!this.shuffleDue.has(campaign.id) ||
			this.shuffling.has(campaign.id)
		)
			return 0;
		const run = (async () => {
			let rewritten = 0;
			try {
				while (this.shuffleDue.delete(campaign.id))
					rewritten += await this.store.shufflePool(campaign.id, (stored) =>
						rewrap(poolKey, stored),
					);
				return rewritten;
			} finally {
				this.shuffling.delete(campaign.id);
			}
		})();
		this.shuffling.set(campaign.id, run);
		return run;
	}

	/** The campaign's pool key, unwrapped once per process; null once the campaign is closed. */
	private poolKeyOf(campaign: Campaign): PoolKey | null {
		if (!campaign.wrappedPoolKey) return null;
		let key = this.poolKeys.get(campaign.id);
		if (!key) {
			key = openPoolKey(
				this.sealingSecret,
				campaign.id,
				campaign.wrappedPoolKey,
			);
			this.poolKeys.set(campaign.id, key);
		}
		return key;
	}
}
