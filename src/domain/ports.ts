import type { BallotStore } from "./ballots/ballot-store.js";
import type { WrappedCampaignKey } from "./ballots/key-custody.js";
import type { CampaignStore } from "./campaigns/campaign-store.js";
import type { ReportingGroup } from "./campaigns/reporting-groups.js";
import type { CampaignId, EmployeeId } from "./ids.js";
import type { ParticipationStore } from "./participation/participation-store.js";
import type { ParticipationStatus } from "./participation/response-rates.js";
import type { QuestionKey } from "./questions/catalogue.js";

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
	/** The campaign's language (the starting admin's): its leadership report's; null or absent = the default. */
	language?: string | null;
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
	/** The campaign's language (BCP 47), the starting admin's: the leadership report's; null or absent = the default. */
	language?: string | null;
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
	/** The locale their chat platform gave (Slack's, recorded by the reach check); null or absent when none. */
	platformLocale?: string | null;
};

/** One person's invitation as a campaign is opened. */
export type NewInvitation = {
	employeeId: EmployeeId;
	reportGroup: string;
	notBefore: Date;
};

/** Active people on the roster with one department and grade: how many, and how many the bot can invite. */
export type RosterCell = {
	department: string;
	grade: string;
	people: number;
	reachable: number;
};

/** An active person as a campaign's opening reads them, page by page. */
export type RosterPagePerson = {
	employeeId: EmployeeId;
	department: string;
	timeZone: string | null;
};

/** Everything needed to open a campaign. */
export type NewCampaign = Omit<Campaign, "status" | "openedAt"> & {
	wrappedPrivateKey: WrappedCampaignKey;
	wrappedPoolKey: Buffer;
	groups: ReportingGroup[];
	/**
	 * Everyone invited, `total` people, read page by page in employee id order (never all held at once);
	 * `notBefore` is the start of the person's next working hours.
	 */
	invitations: {
		total: number;
		pages(): AsyncIterable<NewInvitation[]>;
	};
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
	| "campaign-closed"
	/** Not finished by its deadline, so nothing was recorded: the person is told to send it again. */
	| "too-late";

/**
 * Everything the census stores, as the database implements it: the three ports along the privacy line. Code that
 * needs only some of it takes the narrow port (`CampaignStore`, `ParticipationStore`, `BallotStore`).
 */
export type CensusStore = CampaignStore & ParticipationStore & BallotStore;

/** The current date and time. */
export type Clock = { now(): Date };
