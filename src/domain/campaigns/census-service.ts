import { randomInt, randomUUID } from "node:crypto";
import { makeBallot } from "../ballots/ballot.js";
import {
	createBallotOpener,
	generateCampaignKeys,
	sealBallot,
} from "../ballots/ballot-sealer.js";
import {
	fromPool,
	generatePoolKey,
	openPoolKey,
	type PoolKey,
	rewrap,
	toPool,
} from "../ballots/pool-layer.js";
import { asCampaignId, type CampaignId, type EmployeeId } from "../ids.js";
import {
	computeResponseRates,
	type ResponseRates,
} from "../participation/response-rates.js";
import type {
	Campaign,
	CensusStore,
	Clock,
	RecordResponseResult,
} from "../ports.js";
import { catalogue, type QuestionKey } from "../questions/catalogue.js";
import { buildReport, tallyKeyQuestion } from "../reporting/build-report.js";
import type { CampaignReport } from "../reporting/campaign-report.js";
import type { StartArguments } from "./parse-start-arguments.js";
import {
	buildReportingGroups,
	groupOf,
	type ReportingGroup,
} from "./reporting-groups.js";

/** Privacy settings frozen into each campaign at launch. */
export type CensusSettings = {
	/** k: the fewest classified answers any published number may rest on. */
	minCellSize: number;
	/** Departments with fewer people are merged into a larger reporting group. */
	minGroupHeadcount: number;
	/** m: the pool is reshuffled after this many submissions. */
	shuffleSize: number;
	/** Days after close before the participation ledger is reduced to counts. */
	retentionDays: number;
};

/** Default thresholds (smc-spec.md §5; DESIGN.md §3; privacy-reliability.md §7). */
export const defaultCensusSettings: CensusSettings = {
	minCellSize: 10,
	minGroupHeadcount: 20,
	shuffleSize: 10,
	retentionDays: 30,
};

/** Outcome of starting a campaign. */
export type StartResult =
	| { ok: true; campaign: Campaign; groups: ReportingGroup[]; invited: number }
	| { ok: false; reason: "already-open" | "empty-roster"; campaign?: Campaign };

/** Outcome of closing a campaign. */
export type CloseResult =
	| { ok: true; campaign: Campaign; report: CampaignReport }
	| { ok: false; reason: "none-open" };

/** Outcome of an answer; "invalid" when the answer ids do not fit the campaign's questions. */
export type AnswerResult = RecordResponseResult | "invalid";

/** Census use cases: start, answer, opt out, status and close. Platform-free. */
export class CensusService {
	constructor(
		private readonly store: CensusStore,
		private readonly clock: Clock,
		private readonly sealingSecret: string,
		private readonly settings: CensusSettings = defaultCensusSettings,
	) {}

	/** The ISO date today. */
	today(): string {
		return this.clock.now().toISOString().slice(0, 10);
	}

	/** The one campaign that is open (or closing), if any. */
	currentCampaign(): Promise<Campaign | null> {
		return this.store.findOpenCampaign();
	}

	/** Freezes roster, groups and thresholds, generates the campaign key and opens the campaign. */
	async start(args: StartArguments, startedBy: string): Promise<StartResult> {
		const existing = await this.store.findOpenCampaign();
		if (existing)
			return { ok: false, reason: "already-open", campaign: existing };
		const roster = await this.store.listActiveRoster();
		if (roster.length === 0) return { ok: false, reason: "empty-roster" };
		const headcounts = new Map<string, number>();
		for (const p of roster)
			headcounts.set(p.department, (headcounts.get(p.department) ?? 0) + 1);
		const groups = buildReportingGroups(
			headcounts,
			this.settings.minGroupHeadcount,
		);
		const id = asCampaignId(randomUUID());
		const keys = generateCampaignKeys(this.sealingSecret, id);
		const wrappedPoolKey = generatePoolKey(this.sealingSecret, id);
		const campaign = await this.store.openCampaign({
			id,
			name: args.name,
			questions: args.questions,
			channel: args.channel,
			targetRate: args.targetRate,
			closesOn: args.closesOn,
			minCellSize: this.settings.minCellSize,
			minGroupHeadcount: this.settings.minGroupHeadcount,
			shuffleSize: this.settings.shuffleSize,
			retentionDays: this.settings.retentionDays,
			publicKey: keys.publicKey,
			wrappedPrivateKey: keys.wrappedPrivateKey,
			wrappedPoolKey,
			startedBy,
			groups,
			invitations: roster.map((p) => ({
				employeeId: p.employeeId,
				reportGroup: groupOf(groups, p.department),
			})),
		});
		return { ok: true, campaign, groups, invited: roster.length };
	}

	/**
	 * Seals the answers with the respondent's reporting group and grade and records them with
	 * the participation flip. The ballot never carries who answered.
	 */
	async answer(
		campaign: Campaign,
		participant: { employeeId: EmployeeId; reportGroup: string; grade: string },
		answers: Partial<Record<QuestionKey, string>>,
	): Promise<AnswerResult> {
		if (!validAnswers(campaign, answers)) return "invalid";
		const poolKey = this.poolKeyOf(campaign);
		if (!poolKey) return "campaign-closed";
		const sealed = sealBallot(
			campaign.publicKey,
			makeBallot(answers, participant.reportGroup, participant.grade),
		);
		const outcome = await this.store.recordResponse(
			campaign.id,
			participant.employeeId,
			toPool(poolKey, sealed),
		);
		return outcome;
	}

	/**
	 * Shuffles the pool when m answers have arrived since the last shuffle. Called after the
	 * person's answer is acknowledged, so nobody waits for it; returns the ballots rewritten.
	 */
	async settlePool(campaign: Campaign): Promise<number> {
		const poolKey = this.poolKeyOf(campaign);
		if (!poolKey) return 0;
		return this.store.shufflePool(campaign.id, (stored) =>
			rewrap(poolKey, stored),
		);
	}

	private readonly poolKeys = new Map<CampaignId, PoolKey>();

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

	/** Reduces expired participation ledgers to counts (storage limitation). */
	purgeExpiredLedgers(): Promise<number> {
		return this.store.purgeExpiredLedgers(this.clock.now());
	}

	/** Records "don't remind me". */
	optOut(campaignId: CampaignId, employeeId: EmployeeId): Promise<void> {
		return this.store.recordOptOut(campaignId, employeeId);
	}

	/** Response rates overall and by reporting group. */
	async responseRates(campaignId: CampaignId): Promise<ResponseRates> {
		return computeResponseRates(
			await this.store.participationCounts(campaignId),
		);
	}

	/** Stops answers, opens every ballot once in random order, tallies, publishes, then shreds. */
	async close(): Promise<CloseResult> {
		const campaign = await this.store.findOpenCampaign();
		if (!campaign) return { ok: false, reason: "none-open" };
		if (campaign.status === "open") await this.store.beginClose(campaign.id);
		const { wrappedPrivateKey, sealed } = await this.store.loadForTally(
			campaign.id,
		);
		if (!wrappedPrivateKey)
			throw new Error("campaign key missing before tally");
		const open = createBallotOpener(
			this.sealingSecret,
			campaign.id,
			campaign.publicKey,
			wrappedPrivateKey,
		);
		const poolKey = this.poolKeyOf(campaign);
		if (!poolKey) throw new Error("pool key missing before tally");
		shuffleInPlace(sealed);
		const tally = tallyKeyQuestion(
			sealed.map((stored) => open(fromPool(poolKey, stored))),
		);
		const rates = await this.responseRates(campaign.id);
		const report = buildReport(
			{
				campaignId: campaign.id,
				campaignName: campaign.name,
				closedOn: this.today(),
				invited: rates.overall.invited,
				responded: rates.overall.responded,
				targetRatePercent: campaign.targetRate,
				minCellSize: campaign.minCellSize,
			},
			tally,
		);
		await this.store.closeWithReport(campaign.id, report);
		this.poolKeys.delete(campaign.id);
		return { ok: true, campaign: { ...campaign, status: "closed" }, report };
	}
}

function validAnswers(
	campaign: Campaign,
	answers: Partial<Record<QuestionKey, string>>,
): boolean {
	if (answers.key === undefined) return false;
	for (const [q, optionId] of Object.entries(answers)) {
		const key = q as QuestionKey;
		if (!campaign.questions.includes(key)) return false;
		if (!catalogue[key].options.some((o) => o.id === optionId)) return false;
	}
	return true;
}

function shuffleInPlace<T>(items: T[]): void {
	for (let i = items.length - 1; i > 0; i--) {
		const j = randomInt(i + 1);
		[items[i], items[j]] = [items[j] as T, items[i] as T];
	}
}
