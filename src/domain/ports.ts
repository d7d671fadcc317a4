import type { WrappedCampaignKey } from "./ballots/key-custody.js";
import type { PooledBallot } from "./ballots/pool-layer.js";
import type { ReportingGroup } from "./campaigns/reporting-groups.js";
import type { CampaignId, EmployeeId } from "./ids.js";
import type { ParticipationStatus } from "./participation/response-rates.js";
import type { QuestionKey } from "./questions/catalogue.js";
import type { CampaignReport } from "./reporting/campaign-report.js";

/** One entry of the release ledger: what was published and the respondents behind each published row. */
export type StoredRelease = {
	campaignId: CampaignId;
	kind: "participation" | "report";
	releasedOn: string;
	/** Respondents behind each published row, keyed "group:<name>" or "grade:<name>". */
	counts: Record<string, number>;
};

/** A campaign as listed for admins. */
export type CampaignSummary = {
	id: CampaignId;
	name: string;
	status: ListedCampaignStatus;
	closesOn: string;
	channel: string;
	responseRatePercent: number;
	publishedOn: string | null;
};

/**
 * Campaign lifecycle states: draft → opening (frozen; invitations being written in batches) → open → closing →
 * closed. An opening campaign whose start failed or stopped is abandoned and deleted. Only an open campaign sends,
 * takes answers or is counted.
 */
export type CampaignStatus =
	| "draft"
	| "opening"
	| "open"
	| "closing"
	| "closed"
	| "abandoned";

/** The states an admin's campaign list shows: a campaign still being opened (or given up) is not listed. */
export type ListedCampaignStatus = Exclude<
	CampaignStatus,
	"opening" | "abandoned"
>;

/** A campaign as the domain sees it. Settings are frozen once it is open. */
export type Campaign = {
	id: CampaignId;
	name: string;
	status: CampaignStatus;
	questions: QuestionKey[];
	channel: string;
	targetRate: number;
	closesOn: string;
	minCellSize: number;
	minGroupHeadcount: number;
	shuffleSize: number;
	retentionDays: number;
	/** Grades junior → senior, frozen at launch. */
	gradeOrder: string[];
	publicKey: Buffer;
	/** The pool layer's key, wrapped by the sealing secret; null once the campaign is closed. */
	wrappedPoolKey: Buffer | null;
	startedBy: string;
	/** At most this many automatic reminder waves: the first half-way, then every `reminderEveryDays` working days. */
	reminderMax: number;
	reminderEveryDays: number;
	/** Reporting groups below this response rate (percent) get a manager nudge with each reminder wave. */
	lowUptakePercent: number;
	/** Working hours in each recipient's own time zone, e.g. "09:00-17:00,mon-fri". */
	workingHours: string;
	/** The organisation's time zone: for people without one, and for the campaign's own schedule. */
	timeZone: string;
	/** Who runs the campaign, as its invitations and replies say. */
	organiser: Organiser;
	openedAt: Date | null;
};

/** Who runs a campaign, shown (escaped) to the people it invites; `null` where nothing was given. */
export type Organiser = {
	/** A named team or person, e.g. "People team". */
	runBy: string | null;
	/** How to reach them: an email address, a channel or a name. */
	contact: string | null;
	/** The privacy notice (an https URL). */
	privacyUrl: string | null;
	/** An optional short message from a leader. */
	message: string | null;
};

/** A scheduled wave of a campaign. */
export type ScheduledWave = {
	kind: "reminder" | "progress";
	wave: number;
	dueAt: Date;
};

/** How Teams names a person to the bot: the bot-scoped id (`29:…`) and, when sent, the Entra object id. */
export type TeamsUserIds = { userId: string; aadObjectId: string | null };

/** A person's place in a campaign's participation ledger. Holds who, never what. */
export type Participant = {
	campaignId: CampaignId;
	employeeId: EmployeeId;
	reportGroup: string;
	grade: string;
	status: ParticipationStatus;
	/** False once the person has left the roster (deactivated): they may no longer answer or opt out. */
	active: boolean;
	slackUserId: string | null;
	dmChannel: string | null;
	messageTs: string | null;
	/** The language the roster gives for the person (BCP 47); null or absent when it gives none. */
	language?: string | null;
};

/** Everything needed to open a campaign. */
export type NewCampaign = Omit<Campaign, "status" | "openedAt"> & {
	wrappedPrivateKey: WrappedCampaignKey;
	wrappedPoolKey: Buffer;
	groups: ReportingGroup[];
	/** Everyone invited; `notBefore` is the start of the person's next working hours. */
	invitations: {
		employeeId: EmployeeId;
		reportGroup: string;
		notBefore: Date;
	}[];
	/** The reminder and progress waves, due times fixed at launch. */
	waves: ScheduledWave[];
};

/** Thrown by `openCampaign` when another campaign is open or opening (two starts raced; the database decides). */
export class CampaignAlreadyOpenError extends Error {
	constructor() {
		super("another campaign is already open");
		this.name = "CampaignAlreadyOpenError";
	}
}

/** Thrown by `openCampaign` when its opening went silent for so long that a later start abandoned it. */
export class CampaignOpeningAbandonedError extends Error {
	constructor() {
		super("the campaign's opening was abandoned by a later start");
		this.name = "CampaignOpeningAbandonedError";
	}
}

/** What `openCampaign` reports while it works: committed batches, and leftovers of crashed starts it removed. */
export type OpeningEvent =
	| {
			kind: "written";
			campaignId: CampaignId;
			/** Invitations committed so far. */
			written: number;
			total: number;
	  }
	| { kind: "abandoned-stale"; campaignId: CampaignId };

/** Called after each step of an opening; awaited, and a throw fails the opening (which then removes its rows). */
export type OpeningObserver = (event: OpeningEvent) => void | Promise<void>;

/** A campaign another start is still opening, with how far it has got. */
export type OpeningCampaign = {
	campaign: Campaign;
	/** Invitations committed so far. */
	written: number;
	total: number;
	/** Its start has written nothing for so long that it has stopped; the next start replaces it. */
	stalled: boolean;
};

/** Outcome of recording a response. */
export type RecordResponseResult =
	| "recorded"
	| "already-responded"
	| "not-invited"
	| "campaign-closed";

/**
 * Storage the census use cases need. Ballots are written only together with a participation
 * flip, and the ballot half takes ciphertext only: no method accepts an id next to an answer.
 * Deliberately excluded: editing or reading single ballots, and any query joining the two sides.
 */
export type CensusStore = {
	/** The one open campaign, if any. */
	findOpenCampaign(): Promise<Campaign | null>;
	/** A campaign by id, in any state. */
	findCampaign(id: string): Promise<Campaign | null>;
	/**
	 * Active roster members' department, grade and id, for freezing a campaign, and whether the bot can invite them
	 * (an id on a configured platform, and no reason from the last reach check why not).
	 */
	listActiveRoster(): Promise<
		{
			employeeId: EmployeeId;
			department: string;
			grade: string;
			timeZone: string | null;
			reachable: boolean;
		}[]
	>;
	/**
	 * Creates the campaign (frozen at once), then its invitations and deliveries in committed batches, then opens
	 * it: nothing is sent, answered or counted before. Throws `CampaignAlreadyOpenError` when another campaign is
	 * open or opening by then (a stale opening left by a crashed start is abandoned and removed instead). On any
	 * failure it removes what it wrote; if even that fails, the next start removes it once it is stale.
	 */
	openCampaign(c: NewCampaign, observe?: OpeningObserver): Promise<Campaign>;
	/** The campaign another start is opening right now, if any. */
	findOpeningCampaign(): Promise<OpeningCampaign | null>;
	/** The roster email of the person with this Slack user id, for admin checks. */
	emailForSlackUser(slackUserId: string): Promise<string | null>;
	/** The participant reached by this Slack user id in this campaign. */
	findParticipantBySlackUser(
		campaignId: CampaignId,
		slackUserId: string,
	): Promise<Participant | null>;
	/** The roster email of the person with either Teams id (bot-scoped `29:…` or Entra object id), for admin checks. */
	emailForTeamsUser(ids: TeamsUserIds): Promise<string | null>;
	/** The participant reached by either Teams id in this campaign (the roster may hold either one). */
	findParticipantByTeamsUser(
		campaignId: CampaignId,
		ids: TeamsUserIds,
	): Promise<Participant | null>;
	/** The participant by employee id. */
	findParticipant(
		campaignId: CampaignId,
		employeeId: EmployeeId,
	): Promise<Participant | null>;
	/**
	 * Flips participation and adds the sealed ballot in one transaction, unless the campaign has
	 * stopped taking answers; also says how many ballots now wait for a shuffle (the tail).
	 */
	recordResponse(
		campaignId: CampaignId,
		employeeId: EmployeeId,
		ballot: PooledBallot,
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
	/**
	 * Reduces closed campaigns' ledgers to per-group counts once their retention has passed, and deletes leavers off
	 * the roster for `leaverRetentionDays` whom no ledger names any more.
	 */
	purgeExpiredLedgers(now: Date, leaverRetentionDays: number): Promise<number>;
	/** Records "don't remind me"; a respondent stays a respondent. */
	recordOptOut(campaignId: CampaignId, employeeId: EmployeeId): Promise<void>;
	/** Participation counts by reporting group and status. */
	participationCounts(
		campaignId: CampaignId,
	): Promise<{ group: string; status: ParticipationStatus; count: number }[]>;
	/** The campaign's frozen reporting groups. */
	listGroups(campaignId: CampaignId): Promise<ReportingGroup[]>;
	/** Stops accepting answers (open → closing), waiting for in-flight ones; false if not open. */
	beginClose(campaignId: CampaignId): Promise<boolean>;
	/** The campaign's private key as stored (sealed to a tally key); null once shredded. */
	wrappedKeyOf(campaignId: CampaignId): Promise<WrappedCampaignKey | null>;
	/** Every campaign that still has a stored key (opening, open or closing), for the tally's start-up check. */
	listSealedCampaignKeys(): Promise<
		{
			campaignId: CampaignId;
			name: string;
			publicKey: Buffer;
			key: WrappedCampaignKey;
		}[]
	>;
	/** How many ballots the campaign's pool holds. */
	countPool(campaignId: CampaignId): Promise<number>;
	/** Every stored ballot of the campaign, for the one tally at close, a page at a time, in random order. */
	readPool(campaignId: CampaignId, pageSize: number): AsyncIterable<Buffer[]>;
	/**
	 * Stores the report, appends its release to the ledger, deletes the ballots and the key, and closes the
	 * campaign, atomically.
	 */
	closeWithReport(
		campaignId: CampaignId,
		report: CampaignReport,
		release: StoredRelease,
	): Promise<void>;
	/** The stored report of a closed campaign. */
	findReport(campaignId: CampaignId): Promise<CampaignReport | null>;
	/** Every release of this kind, oldest first, across campaigns. */
	listReleases(kind: StoredRelease["kind"]): Promise<StoredRelease[]>;
	/** Records that the report was posted (the first posting date is kept). */
	markPublished(campaignId: CampaignId, on: string): Promise<void>;
	/** Campaigns, newest first, optionally only one id or one status (a malformed id finds nothing). */
	listCampaigns(
		limit: number,
		filter: { id?: string; status?: ListedCampaignStatus },
	): Promise<CampaignSummary[]>;
};

/** The current date and time. */
export type Clock = { now(): Date };
