import type {
	NewDelivery,
	NudgePayload,
	OutboxStore,
	PostPayload,
	WaveStore,
} from "../deliveries/outbox-store.js";
import type { CampaignId } from "../ids.js";
import { lowUptakeNudges } from "../participation/low-uptake.js";
import { computeResponseRates } from "../participation/response-rates.js";
import type { Campaign, CensusStore, Clock } from "../ports.js";
import type { CensusService } from "./census-service.js";
import { nextWorkingInstant, parseWorkingHours } from "./working-hours.js";

/** What a reminder or nudge wave queued. */
export type WaveResult = {
	wave: number;
	reminders: number;
	nudges: number;
	/** Managers of low-uptake groups who are not on the roster, so cannot be nudged. */
	managersNotOnRoster: number;
};

/** Standalone nudge waves (`/census nudge`) are numbered from here, apart from reminder waves. */
const standaloneNudgeWaves = 1000;

/** Non-overlapping recipients: one nudge per manager per wave, one reminder per person per wave. */
export class OutreachService {
	constructor(
		private readonly census: CensusService,
		private readonly store: CensusStore,
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
	 * Runs the next reminder wave now (the earliest scheduled one not yet run, or one more): a reminder to everyone
	 * invited who has neither answered nor opted out, each in their own working hours, and the managers' nudges.
	 */
	async remind(campaign: Campaign, wave?: number): Promise<WaveResult> {
		const n = wave ?? (await this.waves.nextWave(campaign.id, "reminder"));
		const now = this.clock.now();
		const hours = this.hoursOf(campaign);
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
		const nudged = await this.queueNudges(campaign, n);
		await this.waves.markWaveDone(campaign.id, "reminder", n, now);
		return { wave: n, reminders: queued.length, ...nudged };
	}

	/** Sends the managers' nudges now, as a wave of their own. */
	async nudge(campaign: Campaign): Promise<WaveResult> {
		const last = await this.waves.lastDeliveryWave(campaign.id, "nudge");
		const n = Math.max(last, standaloneNudgeWaves) + 1;
		return { wave: n, reminders: 0, ...(await this.queueNudges(campaign, n)) };
	}

	private async queueNudges(
		campaign: Campaign,
		wave: number,
	): Promise<{ nudges: number; managersNotOnRoster: number }> {
		const rates = computeResponseRates(
			await this.store.participationCounts(campaign.id),
		);
		const managers = await this.waves.listGroupManagers(campaign.id);
		const nudges = lowUptakeNudges({
			groups: rates.groups.map((g) => ({
				group: g.name,
				invited: g.invited,
				responded: g.responded,
				managers: managers
					.filter((m) => m.group === g.name)
					.map((m) => m.managerEmail),
			})),
			organisation: {
				invited: rates.overall.invited,
				responded: rates.overall.responded,
			},
			thresholdPercent: campaign.lowUptakePercent,
			targetPercent: campaign.targetRate,
		});
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
		return { nudges: queued.length, managersNotOnRoster: missing };
	}

	/** Posts participation so far (never answers) to the leadership channel, and records it as a release. */
	async progress(campaign: Campaign, wave: number): Promise<number> {
		const rates = computeResponseRates(
			await this.store.participationCounts(campaign.id),
		);
		const pct = (r: { invited: number; responded: number }) =>
			Math.round((100 * r.responded) / Math.max(1, r.invited));
		const payload: PostPayload = {
			text: `*${campaign.name}*: ${pct(rates.overall)}% of people have answered so far (target ${campaign.targetRate}%). Open until ${campaign.closesOn}.`,
			lines: rates.groups.map((g) =>
				g.invited < 5
					? `${g.name}: fewer than 5 people, no rate shown`
					: `${g.name}: ${pct(g)}%`,
			),
		};
		await this.waves.recordParticipationRelease(
			campaign.id,
			this.census.today(),
			Object.fromEntries(
				rates.groups
					.filter((g) => g.invited >= 5)
					.map((g) => [`group:${g.name}`, g.responded]),
			),
			payload,
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
		kind: "post",
		wave: 0,
		employeeId: null,
		recipient: campaign.startedBy,
		notBefore: now,
		payload: {
			text: `*${campaign.name}* closed as planned on ${campaign.closesOn}. ${responded} answers were tallied. Nothing has been posted yet: run \`/census results\` to check the preview and post it to ${campaign.channel}.`,
		},
	};
}
