import type {
	NewDelivery,
	NudgePayload,
	OutboxStore,
	ProgressPayload,
	WaveStore,
} from "../deliveries/outbox-store.js";
import type { CampaignId, EmployeeId } from "../ids.js";
import { lowUptakeNudges } from "../participation/low-uptake.js";
import type { ParticipationStore } from "../participation/participation-store.js";
import {
	countsFor,
	groupKey,
	organisationKey,
	publicParticipation,
} from "../participation/public-participation.js";
import { computeResponseRates } from "../participation/response-rates.js";
import type { Campaign, Clock } from "../ports.js";
import type { CampaignStore } from "./campaign-store.js";
import type { CensusService } from "./census-service.js";
import { nextWorkingInstant, parseWorkingHours } from "./working-hours.js";

/** What a reminder or nudge wave queued. */
export type WaveResult = {
	wave: number;
	reminders: number;
	nudges: number;
	/** Managers of low-uptake groups who are not on the roster, so cannot be nudged. */
	managersNotOnRoster: number;
	/** Managers left out because they already had a nudge in this wave. */
	alreadyNudged: number;
	/** People no platform reached at the start whom one reaches now: invited with this wave. */
	lateInvitations: number;
};

/** Standalone nudge waves (`/census nudge`) are numbered from here, apart from reminder waves. */
const standaloneNudgeWaves = 1000;

/** Non-overlapping recipients: one nudge per manager per wave, one reminder per person per wave. */
export class OutreachService {
	constructor(
		private readonly census: CensusService,
		private readonly store: Pick<CampaignStore, "findCampaign"> &
			Pick<ParticipationStore, "participationCounts">,
		private readonly outbox: OutboxStore,
		private readonly waves: WaveStore,
		private readonly clock: Clock,
	) {}

	private hoursOf(campaign: Campaign) {
		const parsed = parseWorkingHours(campaign.workingHours);
		if (!parsed.ok)
			throw new Error(`invalid working hours on campaign ${campaign.id}`);
		return parsed.value;
	}

	/**
	 * Runs the next reminder wave now (the earliest scheduled one not yet run, or one more): an invitation to everyone
	 * no platform reached at the start whom one reaches now, a reminder to everyone invited who has neither answered
	 * nor opted out, each in their own working hours, and the managers' nudges.
	 */
	async remind(campaign: Campaign, wave?: number): Promise<WaveResult> {
		const n = wave ?? (await this.waves.nextWave(campaign.id, "reminder"));
		const now = this.clock.now();
		const hours = this.hoursOf(campaign);
		const late = await this.waves.inviteLate(
			campaign.id,
			(await this.waves.listNewlyReachable(campaign.id)).map((p) => ({
				employeeId: p.employeeId,
				notBefore: nextWorkingInstant(
					now,
					p.timeZone ?? campaign.timeZone,
					hours,
				),
			})),
		);
		const people = await this.waves.listNonRespondents(campaign.id);
		const reminders: NewDelivery[] = people.map((p) => ({
			campaignId: campaign.id,
			kind: "reminder",
			wave: n,
			employeeId: p.employeeId,
			recipient: p.employeeId,
			notBefore: nextWorkingInstant(
				now,
				p.timeZone ?? campaign.timeZone,
				hours,
			),
		}));
		const queued = await this.outbox.createDeliveries(reminders);
		// A manager nudged on their own since the last reminder wave already had this wave's nudge.
		const nudged = await this.queueNudges(
			campaign,
			n,
			await this.waves.managersNudgedThisWave(campaign.id, false),
		);
		await this.waves.markWaveDone(campaign.id, "reminder", n, now);
		return {
			wave: n,
			reminders: queued.length,
			...nudged,
			lateInvitations: late,
		};
	}

	/**
	 * Sends the managers' nudges now, as a wave of their own, except to managers already nudged in the current
	 * wave (by the last reminder wave, or by a nudge since): at most one nudge per manager per wave.
	 */
	async nudge(campaign: Campaign): Promise<WaveResult> {
		const last = await this.waves.lastDeliveryWave(campaign.id, "nudge");
		const n = Math.max(last, standaloneNudgeWaves) + 1;
		const already = await this.waves.managersNudgedThisWave(campaign.id, true);
		const nudged = await this.queueNudges(campaign, n, already);
		await this.waves.markWaveDone(campaign.id, "nudge", n, this.clock.now());
		return { wave: n, reminders: 0, ...nudged, lateInvitations: 0 };
	}

	/** Participation figures as they may be shown beyond the admin, given the releases so far. */
	private async publicFigures(campaign: Campaign) {
		const rates = computeResponseRates(
			await this.store.participationCounts(campaign.id),
		);
		return (ledger: Parameters<typeof publicParticipation>[0]["ledger"]) =>
			publicParticipation({
				rates,
				ledger,
				minGroupSize: campaign.minGroupHeadcount,
				k: campaign.minCellSize,
			});
	}

	/**
	 * The organisation's response rate as it may be shown in a channel (`status` there), recorded as a release:
	 * rounded to 5 points, and never moved by fewer than k respondents since the last figure published.
	 */
	async organisationRate(campaign: Campaign): Promise<number> {
		const figures = await this.publicFigures(campaign);
		return this.waves.releaseParticipation(
			campaign.id,
			this.census.today(),
			(ledger) => {
				const p = figures(ledger);
				return {
					counts: countsFor(p.counts, [organisationKey]),
					body: { kind: "status", organisationPercent: p.organisationPercent },
					result: p.organisationPercent,
				};
			},
		);
	}

	private async queueNudges(
		campaign: Campaign,
		wave: number,
		alreadyNudged: readonly EmployeeId[],
	): Promise<{
		nudges: number;
		managersNotOnRoster: number;
		alreadyNudged: number;
	}> {
		const figures = await this.publicFigures(campaign);
		const skip = new Set<string>(alreadyNudged);
		const all = await this.waves.listGroupManagers(campaign.id);
		const managers = all.filter(
			(m) => m.managerId === null || !skip.has(m.managerId),
		);
		const skipped = new Set(
			all
				.filter((m) => m.managerId !== null && skip.has(m.managerId))
				.map((m) => m.managerId),
		).size;
		// Managers see the same public figures as the leadership channel (held under the ledger), and whether a
		// group is low is judged on them too, so two nudges cannot be subtracted either.
		const nudges = await this.waves.releaseParticipation(
			campaign.id,
			this.census.today(),
			(ledger) => {
				const p = figures(ledger);
				const nudges = lowUptakeNudges({
					groups: p.groups.map((g) => ({
						group: g.name,
						invited: g.invited,
						rate: g.ratePercent,
						managers: managers
							.filter((m) => m.group === g.name)
							.map((m) => m.managerEmail),
					})),
					organisationPercent: p.organisationPercent,
					thresholdPercent: campaign.lowUptakePercent,
					targetPercent: campaign.targetRate,
				});
				const shown = new Set(
					nudges.flatMap((n) =>
						n.groups
							.filter((g) => g.ratePercent !== null)
							.map((g) => groupKey(g.name)),
					),
				);
				return {
					counts:
						nudges.length === 0
							? null
							: countsFor(p.counts, [organisationKey, ...shown]),
					body: { kind: "nudges", wave, nudges },
					result: nudges,
				};
			},
		);
		const now = this.clock.now();
		const hours = this.hoursOf(campaign);
		const rows: NewDelivery[] = [];
		let missing = 0;
		for (const nudge of nudges) {
			const m = managers.find((x) => x.managerEmail === nudge.manager);
			if (!m?.managerId) {
				missing++;
				continue;
			}
			const payload: NudgePayload = {
				kind: "nudge",
				groups: nudge.groups.map((g) => ({
					name: g.name,
					ratePercent: g.ratePercent,
				})),
				targetPercent: nudge.targetPercent,
				organisationPercent: nudge.organisationPercent,
			};
			rows.push({
				campaignId: campaign.id,
				kind: "nudge",
				wave,
				employeeId: m.managerId,
				recipient: nudge.manager,
				notBefore: nextWorkingInstant(
					now,
					m.timeZone ?? campaign.timeZone,
					hours,
				),
				payload,
			});
		}
		const queued = await this.outbox.createDeliveries(rows);
		return {
			nudges: queued.length,
			managersNotOnRoster: missing,
			alreadyNudged: skipped,
		};
	}

	/**
	 * Posts participation so far (never answers) to the leadership channel, and records it as a release: rates
	 * rounded to 5 points, no rate for a group under the minimum size, and no figure moved by fewer than k
	 * respondents since it was last published (`publicParticipation`).
	 */
	async progress(campaign: Campaign, wave: number): Promise<number> {
		const figures = await this.publicFigures(campaign);
		const payload = await this.waves.releaseParticipation(
			campaign.id,
			this.census.today(),
			(ledger) => {
				const p = figures(ledger);
				const body: ProgressPayload = {
					kind: "progress",
					campaignName: campaign.name,
					organisationPercent: p.organisationPercent,
					targetPercent: campaign.targetRate,
					closesOn: campaign.closesOn,
					groups: p.groups.map((g) => ({
						name: g.name,
						ratePercent: g.ratePercent,
					})),
				};
				return { counts: p.counts, body, result: body };
			},
		);
		const queued = await this.outbox.createDeliveries([
			{
				campaignId: campaign.id,
				kind: "post",
				wave,
				employeeId: null,
				recipient: campaign.channel,
				notBefore: this.clock.now(),
				payload,
			},
		]);
		await this.waves.markWaveDone(
			campaign.id,
			"progress",
			wave,
			this.clock.now(),
		);
		return queued.length;
	}

	/**
	 * Runs whatever is due: reminder waves (with nudges) and progress posts. Campaigns whose closing time has come
	 * are returned, not closed: only the tally process can close (it is handed them through the tally queue).
	 */
	async runDue(): Promise<{ waves: number; toClose: CampaignId[] }> {
		const now = this.clock.now();
		let ran = 0;
		for (const due of await this.waves.listDueWaves(now)) {
			const campaign = await this.store.findCampaign(due.campaignId);
			if (campaign?.status !== "open") continue;
			if (due.kind === "reminder") await this.remind(campaign, due.wave);
			else await this.progress(campaign, due.wave);
			ran++;
		}
		return { waves: ran, toClose: await this.waves.listCampaignsToClose(now) };
	}
}

/** The DM to the admin who started a campaign that closed by itself: check the preview, then post. */
export function closedAsPlannedNotice(
	campaign: Campaign,
	responded: number,
	now: Date,
): NewDelivery {
	return {
		campaignId: campaign.id,
		kind: "notice",
		wave: 0,
		employeeId: null,
		recipient: campaign.startedBy,
		notBefore: now,
		payload: {
			kind: "closed",
			campaignName: campaign.name,
			closesOn: campaign.closesOn,
			responded,
			channel: campaign.channel,
		},
	};
}
