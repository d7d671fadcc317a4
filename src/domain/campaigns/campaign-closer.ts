import {
	ballotEphemeralKey,
	campaignKeyMatches,
} from "../ballots/ballot-sealer.js";
import type { BallotStore } from "../ballots/ballot-store.js";
import {
	type BallotTallier,
	tallyInThisThread,
} from "../ballots/ballot-tallier.js";
import {
	type CampaignKeyUnwrapper,
	TallyKeyUnavailableError,
} from "../ballots/key-custody.js";
import { fromPool, openPoolKey } from "../ballots/pool-layer.js";
import type { CampaignId } from "../ids.js";
import type { ParticipationStore } from "../participation/participation-store.js";
import { computeResponseRates } from "../participation/response-rates.js";
import type { Campaign, Clock } from "../ports.js";
import { buildReport } from "../reporting/build-report.js";
import type { CampaignReport } from "../reporting/campaign-report.js";
import type { CampaignStore } from "./campaign-store.js";

/**
 * The storage a close reaches: the campaign, its participation counts and the pool's ballots, read only. It takes
 * no participant lookup and no ballot writer: the process that opens ballots has no method that names a person.
 */
export type TallyStore = CampaignStore &
	Pick<ParticipationStore, "participationCounts"> &
	Pick<BallotStore, "countPool" | "readPool">;

/** Why a close did not tally: nothing to close, a key this process cannot use, or a pool that fails a check. */
export type CloseRefusal =
	| { ok: false; reason: "none-open" }
	| {
			ok: false;
			reason: "key-unavailable";
			campaign: Campaign;
			keyId: string;
			detail: string;
	  }
	| {
			ok: false;
			reason: "integrity";
			campaign: Campaign;
			check: "ballot-count" | "duplicate-ballot";
			detail: string;
	  };

/** Outcome of closing a campaign. */
export type CloseResult =
	| { ok: true; campaign: Campaign; report: CampaignReport }
	| CloseRefusal;

/** A campaign whose key this process cannot open (found at start-up, long before its close). */
export type KeyProblem = {
	campaignId: CampaignId;
	name: string;
	keyId: string;
	detail: string;
};

/** What only the tally process holds: the tally keys (through the unwrapper) and the sealing secret. */
export type TallyCustody = {
	unwrapper: CampaignKeyUnwrapper;
	sealingSecret: string;
};

/** How a close reads and opens the pool: the opener (one thread or several) and the page size. */
export type TallyOptions = {
	tallier?: BallotTallier;
	/** Ballots read, checked and opened at a time (default 5,000): bounds the close's memory, not its result. */
	pageSize?: number;
};

/**
 * The one use case that opens ballots, run only by the tally process: stop answers, check the pool, decrypt every
 * ballot once in memory in random order, a page at a time, tally, apply disclosure control, keep only the report,
 * then shred.
 */
export class CampaignCloser {
	private readonly tallier: BallotTallier;
	private readonly pageSize: number;

	constructor(
		private readonly store: TallyStore,
		private readonly clock: Clock,
		private readonly custody: TallyCustody,
		options: TallyOptions = {},
	) {
		this.tallier = options.tallier ?? tallyInThisThread;
		this.pageSize = options.pageSize ?? 5000;
	}

	/**
	 * Unwraps the key of every campaign not yet closed and checks it is the other half of the campaign's public
	 * key: a wrong or missing tally key is found when the tally process starts, not halfway through a close.
	 */
	async checkKeys(): Promise<KeyProblem[]> {
		const problems: KeyProblem[] = [];
		for (const c of await this.store.listSealedCampaignKeys()) {
			const problem = await this.privateKeyOf(c.campaignId, c.key, c.publicKey);
			if ("detail" in problem)
				problems.push({
					campaignId: c.campaignId,
					name: c.name,
					keyId: c.key.keyId,
					detail: problem.detail,
				});
			else problem.privateKey.fill(0);
		}
		return problems;
	}

	private async privateKeyOf(
		campaignId: CampaignId,
		key: { keyId: string; wrapped: Buffer },
		publicKey: Buffer,
	): Promise<{ privateKey: Buffer } | { detail: string }> {
		try {
			const privateKey = await this.custody.unwrapper.unwrap(campaignId, key);
			if (campaignKeyMatches(privateKey, publicKey)) return { privateKey };
			privateKey.fill(0);
			return {
				detail: `tally key ${key.keyId} opens a key that is not this campaign's`,
			};
		} catch (err) {
			if (err instanceof TallyKeyUnavailableError)
				return { detail: err.message };
			throw err;
		}
	}

	/**
	 * Closes the open (or closing) campaign, or `campaignId` if given. The key is unwrapped before answers stop, so a
	 * missing key leaves the campaign open. Refuses to tally unless the pool holds exactly one ballot per responder
	 * and no ballot twice (a copied or removed ballot would turn the tally into an oracle for someone's answer).
	 */
	async close(campaignId?: CampaignId): Promise<CloseResult> {
		const campaign = await this.store.findOpenCampaign();
		if (!campaign || (campaignId && campaign.id !== campaignId))
			return { ok: false, reason: "none-open" };
		const key = await this.store.wrappedKeyOf(campaign.id);
		if (!key)
			return {
				ok: false,
				reason: "key-unavailable",
				campaign,
				keyId: "none",
				detail: "the campaign has no stored key",
			};
		const unwrapped = await this.privateKeyOf(
			campaign.id,
			key,
			campaign.publicKey,
		);
		if ("detail" in unwrapped)
			return {
				ok: false,
				reason: "key-unavailable",
				campaign,
				keyId: key.keyId,
				detail: unwrapped.detail,
			};
		const { privateKey } = unwrapped;
		try {
			if (campaign.status === "open") await this.store.beginClose(campaign.id);
			return await this.tally(campaign, privateKey);
		} finally {
			privateKey.fill(0);
		}
	}

	private async tally(
		campaign: Campaign,
		privateKey: Buffer,
	): Promise<CloseResult> {
		if (!campaign.wrappedPoolKey)
			throw new Error("pool key missing before tally");
		const poolKey = openPoolKey(
			this.custody.sealingSecret,
			campaign.id,
			campaign.wrappedPoolKey,
		);
		const rates = computeResponseRates(
			await this.store.participationCounts(campaign.id),
		);
		const responders = rates.overall.responded;
		const pooled = await this.store.countPool(campaign.id);
		const refuse = (
			check: "ballot-count" | "duplicate-ballot",
			detail: string,
		): CloseRefusal => ({
			ok: false,
			reason: "integrity",
			campaign: { ...campaign, status: "closing" },
			check,
			detail,
		});
		if (pooled !== responders)
			return refuse(
				"ballot-count",
				`the pool holds ${pooled} ballots for ${responders} responders`,
			);
		// Each page loses its pool layer and is checked for copies here, then opened and counted by the tallier. A
		// copy found on a later page voids the counts already made: nothing is reported from a pool that fails.
		const seen = new Set<string>();
		let read = 0;
		const store = this.store;
		const pageSize = this.pageSize;
		async function* campaignLayer(): AsyncGenerator<Buffer[]> {
			for await (const page of store.readPool(campaign.id, pageSize)) {
				const ballots = page.map((stored) => fromPool(poolKey, stored));
				for (const b of ballots) seen.add(ballotEphemeralKey(b));
				read += ballots.length;
				yield ballots;
			}
		}
		const tally = await this.tallier(
			{ privateKey, publicKey: campaign.publicKey },
			campaignLayer(),
		);
		if (read !== responders)
			return refuse(
				"ballot-count",
				`the pool holds ${read} ballots for ${responders} responders`,
			);
		if (seen.size !== read)
			return refuse(
				"duplicate-ballot",
				`${read - seen.size} ballots are copies of another`,
			);
		seen.clear();
		const groups = await this.store.listGroups(campaign.id);
		const earlier = (await this.store.listReleases("report")).filter(
			(r) => r.campaignId !== campaign.id,
		);
		const closedOn = this.clock.now().toISOString().slice(0, 10);
		const { report, counts } = buildReport(
			{
				campaignId: campaign.id,
				campaignName: campaign.name,
				closedOn,
				invited: rates.overall.invited,
				responded: rates.overall.responded,
				targetRatePercent: campaign.targetRate,
				minCellSize: campaign.minCellSize,
				questions: campaign.questions,
				groupOrder: groups.map((g) => g.name),
				mergedAtLaunch: groups.filter(
					(g) => g.departments.length > 1 || g.departments[0] !== g.name,
				),
				gradeOrder: campaign.gradeOrder,
			},
			tally,
			earlier,
		);
		await this.store.closeWithReport(campaign.id, report, {
			campaignId: campaign.id,
			kind: "report",
			releasedOn: closedOn,
			counts,
		});
		return { ok: true, campaign: { ...campaign, status: "closed" }, report };
	}
}
