import { randomUUID } from "node:crypto";
import { makeBallot } from "../ballots/ballot.js";
import { BallotBox } from "../ballots/ballot-box.js";
import { generateCampaignKeys } from "../ballots/ballot-sealer.js";
import type { BallotStore } from "../ballots/ballot-store.js";
import {
	type CampaignKeyWrapper,
	NoTallyKeyError,
} from "../ballots/key-custody.js";
import { generatePoolKey } from "../ballots/pool-layer.js";
import { asCampaignId, type CampaignId, type EmployeeId } from "../ids.js";
import type { ParticipationStore } from "../participation/participation-store.js";
import {
	computeResponseRates,
	type ResponseRates,
} from "../participation/response-rates.js";
import {
	type Campaign,
	CampaignAlreadyOpenError,
	type CampaignSummary,
	type Clock,
	type NewInvitation,
	type OpeningCampaign,
	type OpeningObserver,
	type Organiser,
	type RecordResponseResult,
	type RosterPagePerson,
	type ScheduledWave,
} from "../ports.js";
import { catalogue, type QuestionKey } from "../questions/catalogue.js";
import type { CampaignReport } from "../reporting/campaign-report.js";
import { fitsInBallot } from "../roster/sealable-names.js";
import type { CampaignStore } from "./campaign-store.js";
import {
	parserDefaults,
	type StartArguments,
	type StartValues,
} from "./parse-start-arguments.js";
import { reminderWaveTimes } from "./reminder-cadence.js";
import {
	buildReportingGroups,
	groupOf,
	type ReportingGroup,
} from "./reporting-groups.js";
import {
	defaultWorkingHours,
	nextWorkingInstant,
	organisationTimeZone,
	parseWorkingHours,
	type WorkingHours,
} from "./working-hours.js";

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
	/** Default working hours for campaigns that don't give `hours=` (e.g. "09:00-17:00,mon-fri"). */
	workingHours?: string;
	/** Who runs campaigns, for those that don't say on start (`runby=`, `contact=`, `privacy=`). */
	organiser?: Partial<Organiser>;
};

/** Default thresholds (docs/smc-questions.md §5; README.md, Privacy model; docs/privacy-tests.md §7). */
export const defaultCensusSettings: CensusSettings = {
	minCellSize: 10,
	minGroupHeadcount: 20,
	shuffleSize: 10,
	retentionDays: 30,
};

/** Automatic reminder waves when `start` gives no `reminders=`. */
const defaultReminders = 3;
/** Groups below this response rate (percent) get manager nudges when `start` gives no `low=`. */
const defaultLowUptakePercent = 50;
/** Working days between reminder waves. */
const reminderEveryDays = 4;

/** The id a draft campaign carries: it is never opened, so it names no campaign. */
const draftId = asCampaignId("00000000-0000-0000-0000-000000000000");

/** Outcome of starting a campaign. */
export type StartResult =
	| {
			ok: true;
			campaign: Campaign;
			groups: ReportingGroup[];
			/** People the bot can invite (they get an invitation delivery). */
			invited: number;
			/** People on the roster no platform reaches: in the ledger as `unreachable`, never sent or counted. */
			unreachable: number;
	  }
	| {
			ok: false;
			reason: "already-open" | "empty-roster" | "no-tally-key";
			campaign?: Campaign;
	  }
	| { ok: false; reason: "opening"; opening: OpeningCampaign }
	/** Nobody on the roster can be reached on any configured platform: opening would invite no one. */
	| { ok: false; reason: "nobody-reachable"; people: number }
	| { ok: false; reason: "unknown-grades"; grades: string[] }
	/** Reporting groups and grades whose names together are too long to seal with an answer (shortened). */
	| { ok: false; reason: "names-too-long"; names: string[] };

/**
 * What a process that serves traffic holds: the sealing secret (the pool layer's key) and a wrapper that seals new
 * campaign keys to the tally key. Nothing here can open a ballot.
 */
export type ServingCustody = {
	sealingSecret: string;
	wrapper: CampaignKeyWrapper;
};

/** Outcome of an answer; "invalid" when the answer ids do not fit the campaign's questions. */
export type AnswerResult = RecordResponseResult | "invalid";

/**
 * The storage the census use cases reach: campaigns, the ledger's opt-outs, counts and retention (no participant
 * lookups), and the ballot pool, which only the `BallotBox` writes.
 */
export type CensusServiceStore = CampaignStore & LedgerUpkeep & BallotStore;

/** What the use cases other than answering use of the participation ledger. */
type LedgerUpkeep = Pick<
	ParticipationStore,
	"recordOptOut" | "participationCounts" | "purgeExpiredLedgers"
>;

/** A name cut to 40 characters for a message. */
function shorten(name: string): string {
	const chars = Array.from(name);
	return chars.length > 40 ? `${chars.slice(0, 39).join("")}…` : name;
}

/** Census use cases: start, answer, opt out and status (closing is the tally process's `CampaignCloser`). Platform-free. */
export class CensusService {
	private readonly sealingSecret: string;
	/** Campaigns and the ledger's upkeep: no ballot method, so only `ballots` writes one. */
	private readonly store: CampaignStore & LedgerUpkeep;
	private readonly ballots: BallotBox;

	constructor(
		store: CensusServiceStore,
		private readonly clock: Clock,
		private readonly custody: ServingCustody,
		private readonly settings: CensusSettings = defaultCensusSettings,
	) {
		this.sealingSecret = custody.sealingSecret;
		this.store = store;
		this.ballots = new BallotBox(store, custody.sealingSecret);
	}

	/** The ISO date today. */
	today(): string {
		return this.clock.now().toISOString().slice(0, 10);
	}

	/** The one campaign that is open (or closing), if any. */
	currentCampaign(): Promise<Campaign | null> {
		return this.store.findOpenCampaign();
	}

	/** The deployment's default working hours. */
	private defaultHours(): { text: string; value: WorkingHours } {
		const text = this.settings.workingHours;
		const parsed = text ? parseWorkingHours(text) : null;
		if (text && parsed?.ok) return { text, value: parsed.value };
		return { text: "09:00-17:00,mon-fri", value: defaultWorkingHours };
	}

	/** What `start` uses for each setting it is not given, as an admin would type it (a form's initial values). */
	startDefaults(): StartValues {
		const o = this.settings.organiser;
		return {
			...parserDefaults(this.today()),
			reminders: String(defaultReminders),
			low: String(defaultLowUptakePercent),
			hours: this.defaultHours().text,
			timezone: organisationTimeZone,
			...(o?.runBy ? { runby: o.runBy } : {}),
			...(o?.contact ? { contact: o.contact } : {}),
			...(o?.privacyUrl ? { privacy: o.privacyUrl } : {}),
		};
	}

	/**
	 * The campaign `start` would open with these arguments, as its invitation shows it (who runs it, closing day,
	 * thresholds), without opening anything: no key, no roster, a placeholder id. For a preview only.
	 */
	draft(args: StartArguments, startedBy: string): Campaign {
		return {
			...this.frozenSettings(args, startedBy, args.grades ?? []),
			id: draftId,
			status: "draft",
			publicKey: Buffer.alloc(0),
			wrappedPoolKey: null,
			openedAt: null,
		};
	}

	/** What a campaign freezes at its start: the admin's arguments, else the deployment's settings. */
	private frozenSettings(
		args: StartArguments,
		startedBy: string,
		gradeOrder: string[],
	) {
		const outreach = this.outreachOf(args);
		return {
			name: args.name,
			questions: args.questions,
			channel: args.channel,
			targetRate: args.targetRate,
			closesOn: args.closesOn,
			minCellSize: this.settings.minCellSize,
			minGroupHeadcount: this.settings.minGroupHeadcount,
			shuffleSize: this.settings.shuffleSize,
			retentionDays: this.settings.retentionDays,
			gradeOrder,
			startedBy,
			reminderMax: outreach.reminders,
			reminderEveryDays: outreach.everyWorkingDays,
			lowUptakePercent: outreach.lowUptakePercent,
			workingHours: outreach.hours.text,
			timeZone: outreach.timeZone,
			organiser: this.organiserOf(args),
		};
	}

	/** Reminders, nudges, working hours and time zone: as given, else the deployment's defaults. */
	private outreachOf(args: StartArguments) {
		return {
			reminders: args.reminders ?? defaultReminders,
			everyWorkingDays: reminderEveryDays,
			lowUptakePercent: args.lowUptakePercent ?? defaultLowUptakePercent,
			hours: args.workingHours ?? this.defaultHours(),
			timeZone: args.timeZone ?? organisationTimeZone,
		};
	}

	/** Who runs the campaign: as given on start, else as configured; a leader's message only as given. */
	private organiserOf(args: StartArguments): Organiser {
		return {
			runBy: args.organiser?.runBy ?? this.settings.organiser?.runBy ?? null,
			contact:
				args.organiser?.contact ?? this.settings.organiser?.contact ?? null,
			privacyUrl:
				args.organiser?.privacyUrl ??
				this.settings.organiser?.privacyUrl ??
				null,
			message: args.organiser?.message ?? null,
		};
	}

	/**
	 * Freezes roster, groups and thresholds, generates the campaign key and opens the campaign; `observe` hears
	 * how the opening goes (batches committed), and a throw from it fails the start. `language` is the campaign's
	 * (the starting admin's): its leadership report is written in it; null leaves it to the deployment default.
	 */
	async start(
		args: StartArguments,
		startedBy: string,
		observe?: OpeningObserver,
		language: string | null = null,
	): Promise<StartResult> {
		const existing = await this.store.findOpenCampaign();
		if (existing)
			return { ok: false, reason: "already-open", campaign: existing };
		// The roster's shape comes summarised (a row per department and grade), and its people page by page as the
		// invitations are written: a million people are never held at once.
		const cells = await this.store.summariseActiveRoster();
		const total = cells.reduce((n, c) => n + c.people, 0);
		if (total === 0) return { ok: false, reason: "empty-roster" };
		const headcounts = new Map<string, number>();
		for (const c of cells)
			headcounts.set(
				c.department,
				(headcounts.get(c.department) ?? 0) + c.people,
			);
		const groups = buildReportingGroups(
			headcounts,
			this.settings.minGroupHeadcount,
		);
		const tooLong = new Set<string>();
		for (const c of cells) {
			const group = groupOf(groups, c.department);
			if (!fitsInBallot(group, c.grade))
				tooLong.add(`${shorten(group)} / ${shorten(c.grade)}`);
		}
		if (tooLong.size > 0)
			return {
				ok: false,
				reason: "names-too-long",
				names: [...tooLong].sort(),
			};
		const rosterGrades = [...new Set(cells.map((c) => c.grade))];
		if (args.grades) {
			const listed = args.grades;
			const missing = rosterGrades.filter((g) => !listed.includes(g));
			if (missing.length > 0)
				return { ok: false, reason: "unknown-grades", grades: missing.sort() };
		}
		const gradeOrder =
			args.grades ??
			rosterGrades.sort((a, b) =>
				a.localeCompare(b, "en", { numeric: true, sensitivity: "base" }),
			);
		const id = asCampaignId(randomUUID());
		const now = this.clock.now();
		const outreach = this.outreachOf(args);
		const hours = outreach.hours.value;
		// The next working instant depends only on the time zone: computed once per zone, not once per person.
		const notBefore = new Map<string, Date>();
		const notBeforeIn = (tz: string) => {
			let at = notBefore.get(tz);
			if (!at) {
				at = nextWorkingInstant(now, tz, hours);
				notBefore.set(tz, at);
			}
			return at;
		};
		const waves = scheduleWaves(now, args.closesOn, outreach);
		let keys: Awaited<ReturnType<typeof generateCampaignKeys>>;
		try {
			keys = await generateCampaignKeys(this.custody.wrapper, id);
		} catch (err) {
			if (err instanceof NoTallyKeyError)
				return { ok: false, reason: "no-tally-key" };
			throw err;
		}
		// After the roster's own problems and the key: those are for the admin to fix whatever the reach.
		const reachable = cells.reduce((n, c) => n + c.reachable, 0);
		if (reachable === 0)
			return { ok: false, reason: "nobody-reachable", people: total };
		const wrappedPoolKey = generatePoolKey(this.sealingSecret, id);
		let campaign: Campaign;
		try {
			campaign = await this.store.openCampaign(
				{
					...this.frozenSettings(args, startedBy, gradeOrder),
					language,
					id,
					publicKey: keys.publicKey,
					wrappedPrivateKey: keys.wrappedPrivateKey,
					wrappedPoolKey,
					groups,
					invitations: {
						total,
						pages: () =>
							this.rosterPages((p) => ({
								employeeId: p.employeeId,
								reportGroup: groupOf(groups, p.department),
								notBefore: notBeforeIn(p.timeZone ?? outreach.timeZone),
							})),
					},
					waves,
				},
				observe,
			);
		} catch (err) {
			if (!(err instanceof CampaignAlreadyOpenError)) throw err;
			const open = await this.store.findOpenCampaign();
			const opening = open ? null : await this.store.findOpeningCampaign();
			if (opening) return { ok: false, reason: "opening", opening };
			return {
				ok: false,
				reason: "already-open",
				...(open ? { campaign: open } : {}),
			};
		}
		return {
			ok: true,
			campaign,
			groups,
			invited: reachable,
			unreachable: total - reachable,
		};
	}

	/** The active roster in employee id order, a page at a time (keyset paging), each person mapped by `invitation`. */
	private async *rosterPages(
		invitation: (p: RosterPagePerson) => NewInvitation,
	): AsyncGenerator<NewInvitation[]> {
		let after: EmployeeId | null = null;
		for (;;) {
			const page = await this.store.listActiveRosterPage(after);
			if (page.length === 0) return;
			yield page.map(invitation);
			after = (page.at(-1) as RosterPagePerson).employeeId;
		}
	}

	/**
	 * Seals the answers with the respondent's reporting group and grade and records them with
	 * the participation flip. The ballot never carries who answered.
	 */
	async answer(
		campaign: Campaign,
		participant: { employeeId: EmployeeId; reportGroup: string; grade: string },
		answers: Partial<Record<QuestionKey, string>>,
		/** A `performance.now()` time: a write not finished by then records nothing ("too-late"). */
		commitBy?: number,
	): Promise<AnswerResult> {
		if (!validAnswers(campaign, answers)) return "invalid";
		return this.ballots.cast(
			campaign,
			participant.employeeId,
			makeBallot(answers, participant.reportGroup, participant.grade),
			commitBy,
		);
	}

	/**
	 * Shuffles the pool when m answers have arrived since the last shuffle. Called after the
	 * person's answer is acknowledged, so nobody waits for it; returns the ballots rewritten.
	 */
	settlePool(campaign: Campaign): Promise<number> {
		return this.ballots.settle(campaign);
	}

	private readonly recent = new Map<
		string,
		{ at: number; campaign: Promise<Campaign | null> }
	>();

	/** A campaign by id, as stored now. */
	campaign(id: string): Promise<Campaign | null> {
		return this.store.findCampaign(id);
	}

	/**
	 * The campaign an answer names, remembered for a second: every answer needs it, and its status is
	 * checked again where the answer is recorded, so a second-old copy decides nothing. Answers arriving while
	 * it is being read share the one read (under a burst, each would otherwise read it again); a failed read
	 * is forgotten at once.
	 */
	campaignForAnswer(id: string): Promise<Campaign | null> {
		// Elapsed real time, not the (possibly simulated) census clock.
		const now = performance.now();
		const hit = this.recent.get(id);
		if (hit && now - hit.at < 1000) return hit.campaign;
		const campaign = this.store.findCampaign(id);
		if (this.recent.size > 100) this.recent.clear();
		const entry = { at: now, campaign };
		this.recent.set(id, entry);
		campaign.catch(() => {
			if (this.recent.get(id) === entry) this.recent.delete(id);
		});
		return campaign;
	}

	/** Reduces expired participation ledgers to counts, and forgets leavers (storage limitation). */
	purgeExpiredLedgers(): Promise<number> {
		return this.store.purgeExpiredLedgers(
			this.clock.now(),
			this.settings.retentionDays,
		);
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

	/** The stored report of a closed campaign, or of the most recently closed one. */
	async report(
		campaignId?: string,
	): Promise<{ campaign: CampaignSummary; report: CampaignReport } | null> {
		const [campaign] = await this.store.listCampaigns(
			1,
			campaignId ? { id: campaignId } : { status: "closed" },
		);
		if (campaign?.status !== "closed") return null;
		const report = await this.store.findReport(campaign.id);
		return report ? { campaign, report } : null;
	}

	/** Records that a closed campaign's report was posted to its channel. */
	markPublished(campaignId: CampaignId): Promise<void> {
		return this.store.markPublished(campaignId, this.today());
	}

	/** Campaigns for the admin Home tab, newest first. */
	listCampaigns(limit = 20): Promise<CampaignSummary[]> {
		return this.store.listCampaigns(limit, {});
	}
}

/** The closing instant: the end of the closing day in the organisation's time zone. */
function closingInstant(closesOn: string, timeZone: string): Date {
	const midnightUtc = new Date(`${closesOn}T00:00:00Z`);
	midnightUtc.setUTCDate(midnightUtc.getUTCDate() + 1);
	const local = new Date(
		midnightUtc.toLocaleString("en-US", { timeZone, hourCycle: "h23" }),
	);
	const utc = new Date(
		midnightUtc.toLocaleString("en-US", { timeZone: "UTC", hourCycle: "h23" }),
	);
	return new Date(midnightUtc.getTime() - (local.getTime() - utc.getTime()));
}

/** Reminder waves by the campaign's cadence, and a leadership progress post every week, before closing. */
function scheduleWaves(
	now: Date,
	closesOn: string,
	o: {
		reminders: number;
		everyWorkingDays: number;
		hours: { value: WorkingHours };
		timeZone: string;
	},
): ScheduledWave[] {
	const hours = o.hours.value;
	const closesAt = closingInstant(closesOn, o.timeZone);
	const reminders = reminderWaveTimes(
		now,
		closesAt,
		{
			firstAtFraction: 0.5,
			everyWorkingDays: o.everyWorkingDays,
			max: o.reminders,
		},
		o.timeZone,
		hours,
	).map((dueAt, i) => ({ kind: "reminder" as const, wave: i + 1, dueAt }));
	const progress: ScheduledWave[] = [];
	// Weekly, up to a year: a census that runs longer gets no further automatic posts.
	for (let week = 1; week <= 52; week++) {
		const dueAt = nextWorkingInstant(
			new Date(now.getTime() + week * 7 * 86_400_000),
			o.timeZone,
			hours,
		);
		if (dueAt >= closesAt) break;
		progress.push({ kind: "progress", wave: week, dueAt });
	}
	return [...reminders, ...progress];
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
