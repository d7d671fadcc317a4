import type { ReleaseLedger } from "../disclosure/release-ledger.js";
import type { CampaignId, EmployeeId } from "../ids.js";
import type { OutboxPayload } from "./outbox-payload.js";
import type { RoutingFacts } from "./platform.js";

/**
 * What a delivery is: the invitation, a reminder wave, a manager nudge, a channel post, or a notice: a message
 * to one person (the admin, after a scheduled close), sent to them directly on the platform their id is on.
 */
export type DeliveryKind = "invite" | "reminder" | "nudge" | "post" | "notice";

/**
 * Where a delivery stands. `unknown`: the platform gave no clear answer, so it may have arrived and is never resent
 * on its own. `undeliverable`: the platform refused this recipient for good. `cancelled`: no longer needed (the person
 * answered or opted out first, or the campaign closed).
 */
export type DeliveryState =
	| "queued"
	| "sending"
	| "sent"
	| "unknown"
	| "failed"
	| "undeliverable"
	| "cancelled";

/** A queued delivery as the dispatcher needs it: enough to name and delay its job. */
export type QueuedDelivery = {
	id: string;
	generation: number;
	notBefore: Date;
};

/** A queued delivery with what decides which platform's queue it goes to. */
export type RoutableDelivery = QueuedDelivery & RoutingFacts;

/** A delivery row to create; `recipient` is unique per campaign, kind and wave. */
export type NewDelivery = {
	campaignId: CampaignId;
	kind: DeliveryKind;
	wave: number;
	employeeId: EmployeeId | null;
	recipient: string;
	notBefore: Date;
	payload?: OutboxPayload;
};

/**
 * A delivery handed to its queue and not settled yet (queued or claimed), as checked against its queue job: a
 * delivery whose job is gone is stuck unless someone acts on it.
 */
export type InFlightDelivery = RoutableDelivery & {
	state: "queued" | "sending";
};

/**
 * Deliveries due and not settled (queued or sending), since when the oldest of them has been due, and when the
 * last delivery settled (sent, unknown, failed…): together they tell a queue that moves from one that is stuck.
 */
export type PendingDeliveries = {
	due: number;
	oldestDueAt: Date | null;
	lastSettledAt: Date | null;
};

/** A delivery claimed for sending, with what the sender needs to reach the recipient. */
export type ClaimedDelivery = {
	id: string;
	campaignId: CampaignId;
	kind: DeliveryKind;
	wave: number;
	employeeId: EmployeeId | null;
	recipient: string;
	payload: unknown;
	/** The recipient's Slack user id, when the recipient is a person on the roster. */
	slackUserId: string | null;
	/** The recipient's Teams user id (bot-scoped `29:…` or Entra object id), when on the roster. */
	teamsUserId: string | null;
	/** The recipient's participation status in the campaign (invitations and reminders). */
	participation: string | null;
	campaignStatus: string;
	/** The recipient's language from the roster (BCP 47); null or absent when it gives none. */
	language?: string | null;
	/** The locale the recipient's chat platform gave (Slack's, recorded by the reach check); null or absent: none. */
	platformLocale?: string | null;
};

export type {
	ClosedNotice,
	NoticePayload,
	NudgePayload,
	OutboxPayload,
	PausedNotice,
	PostPayload,
	ProgressPayload,
} from "./outbox-payload.js";

/** A delivery before it is claimed: enough for a channel to decide whether it must wait (Do Not Disturb). */
export type DeliveryRecipient = {
	id: string;
	campaignId: CampaignId;
	kind: DeliveryKind;
	state: DeliveryState;
	/** The recipient's Slack user id, when the recipient is a person on the roster. */
	slackUserId: string | null;
	/** The recipient's Teams user id, when the recipient is a person on the roster. */
	teamsUserId: string | null;
	/** The recipient's time zone, when the roster has one. */
	timeZone: string | null;
	/** As in `ClaimedDelivery`: enough to see it is no longer wanted before any work is spent on it. */
	participation: string | null;
	campaignStatus: string;
};

/** Outcome of a claim. */
export type ClaimResult =
	| { outcome: "claimed"; delivery: ClaimedDelivery }
	/** It was already being sent by a worker that stopped mid-send: now `unknown`. */
	| { outcome: "interrupted" }
	/** Nothing to do: sent, cancelled or claimed by someone else. */
	| { outcome: "gone" };

/** Counts of deliveries by kind and state. */
export type DeliveryCount = {
	kind: DeliveryKind;
	state: DeliveryState;
	count: number;
};

/**
 * Invitations counted by state and by which platform ids their recipient has on the roster: what decides the
 * platform that carries each (see `platformOfPerson`).
 */
export type InviteIdsCount = {
	state: DeliveryState;
	hasSlackId: boolean;
	hasTeamsId: boolean;
	count: number;
};

/** The outbox: the source of truth for every send. Queue jobs carry only a delivery id. */
export type OutboxStore = {
	/** Creates deliveries (skipping any that already exist); returns those created. */
	createDeliveries(rows: NewDelivery[]): Promise<QueuedDelivery[]>;
	/** Queued deliveries not yet handed to the queue (or all queued ones with `all`), oldest first; none of a campaign still being opened. */
	listQueued(opts: {
		all: boolean;
		limit: number;
	}): Promise<RoutableDelivery[]>;
	/** Records that these deliveries' jobs are in the queue. */
	markEnqueued(ids: string[]): Promise<void>;
	/** Forgets which deliveries were in the queue (the queue lost its data). */
	forgetEnqueued(): Promise<number>;
	/** Who a delivery is for and where it stands, without claiming it; null when there is no such delivery. */
	peek(id: string): Promise<DeliveryRecipient | null>;
	/**
	 * Moves a queued delivery's earliest time to `until` (its recipient is not to be disturbed before); it stays
	 * queued and uses no attempt. False when it is no longer queued.
	 */
	hold(id: string, until: Date): Promise<boolean>;
	/** queued → sending, atomically; or sending → unknown when an earlier attempt was cut off. */
	claim(id: string): Promise<ClaimResult>;
	/** sending → queued: the attempt proved nothing was sent. */
	release(id: string): Promise<void>;
	/**
	 * Ends a claimed delivery. `sent` records the platform reference and, for an invitation, marks the person
	 * invited; `undeliverable` on an invitation marks the person unreachable.
	 */
	finish(
		id: string,
		state: Exclude<DeliveryState, "queued" | "sending">,
		platformRef?: string,
	): Promise<void>;
	/**
	 * Deliveries handed to the queue and not settled (queued or sending), the longest due first; `after`: the id of
	 * the last delivery of the page before (pages of a few thousand: parsing tens of thousands of rows at once holds
	 * the process for ~100 ms, and paced sends miss their slots meanwhile).
	 */
	listInFlight(limit: number, after?: string): Promise<InFlightDelivery[]>;
	/**
	 * sending → unknown for claims nobody will finish (their job is over): the worker that claimed them stopped
	 * mid-send, so each may have arrived and is never resent on its own. Returns how many changed.
	 */
	abandonClaims(ids: string[]): Promise<number>;
	/**
	 * For queued deliveries whose job is over or gone: those handed over `maxRequeues` times already become
	 * `unknown` (given up: a job that stops its worker every time must not loop forever; never resent on its
	 * own), the others count one more hand-over. Only rows still queued change.
	 */
	countRequeues(
		ids: string[],
		maxRequeues: number,
	): Promise<{ requeue: string[]; givenUp: string[] }>;
	/** How many of a campaign's deliveries were given up after too many hand-overs (see `countRequeues`). */
	countGivenUp(campaignId: CampaignId): Promise<number>;
	/** How many deliveries are due and not settled, and the oldest one's due time (one campaign, or all open ones). */
	pendingDeliveries(campaignId?: CampaignId): Promise<PendingDeliveries>;
	/** An admin's deliberate resend: unknown → queued with a new generation. */
	requeueUnknown(campaignId: CampaignId): Promise<QueuedDelivery[]>;
	/** Counts by kind and state for one campaign. */
	countDeliveries(campaignId: CampaignId): Promise<DeliveryCount[]>;
	/** One campaign's invitations by state and by the ids their recipient has (see `InviteIdsCount`). */
	countInvitesByIds(campaignId: CampaignId): Promise<InviteIdsCount[]>;
};

/** A reporting group's manager, as far as the roster knows them. */
export type GroupManager = {
	group: string;
	managerEmail: string;
	/** The manager's own roster entry, when they are on the roster. */
	managerId: EmployeeId | null;
	timeZone: string | null;
};

/** What `releaseParticipation` decided: the figures' respondent counts and what showed them, and a result. */
export type ParticipationRelease<T> = {
	counts: Record<string, number> | null;
	body: object;
	result: T;
};

/** Scheduled waves and the people and managers they reach. */
export type WaveStore = {
	/**
	 * People who got the invitation and have neither answered nor opted out, except those the bot can no longer
	 * write to (they removed the Teams app): a reminder to them would only be refused.
	 */
	listNonRespondents(
		campaignId: CampaignId,
	): Promise<{ employeeId: EmployeeId; timeZone: string | null }[]>;
	/** The managers of each reporting group's members. */
	listGroupManagers(campaignId: CampaignId): Promise<GroupManager[]>;
	/** The earliest wave of this kind not yet run, or one past the last. */
	nextWave(
		campaignId: CampaignId,
		kind: "reminder" | "progress",
	): Promise<number>;
	/** The highest delivery wave number of a kind so far (0 when none). */
	lastDeliveryWave(campaignId: CampaignId, kind: DeliveryKind): Promise<number>;
	/**
	 * Managers who already had a nudge in the current wave: one from a standalone nudge wave run since the last
	 * reminder wave ran (or since the start, before any), and, with `includeLastReminderWave`, one from that
	 * reminder wave itself. A standalone nudge wave counts once it is marked done (`markWaveDone` with "nudge").
	 */
	managersNudgedThisWave(
		campaignId: CampaignId,
		includeLastReminderWave: boolean,
	): Promise<EmployeeId[]>;
	/** Records that a wave ran (creating the row for a wave run on demand). */
	markWaveDone(
		campaignId: CampaignId,
		kind: "reminder" | "progress" | "nudge",
		wave: number,
		at: Date,
	): Promise<void>;
	/** Waves of open campaigns that are due and have not run. */
	listDueWaves(
		now: Date,
	): Promise<
		{ campaignId: CampaignId; kind: "reminder" | "progress"; wave: number }[]
	>;
	/**
	 * Publishes participation figures under the release ledger: `decide` is given the campaign's participation
	 * releases so far (oldest first) and returns what it publishes, which is appended to the ledger (unless
	 * `counts` is null: nothing published). Releases of one campaign are decided one at a time.
	 */
	releaseParticipation<T>(
		campaignId: CampaignId,
		releasedOn: string,
		decide: (ledger: ReleaseLedger) => ParticipationRelease<T>,
	): Promise<T>;
	/** Open campaigns whose closing time has passed. */
	listCampaignsToClose(now: Date): Promise<CampaignId[]>;
	/**
	 * People whose invitation was written `unreachable` (no platform reached them at the start) and whom a
	 * configured platform reaches now, still on the roster: the next wave invites them.
	 */
	listNewlyReachable(
		campaignId: CampaignId,
	): Promise<{ employeeId: EmployeeId; timeZone: string | null }[]>;
	/**
	 * Invites them late, in one statement: each invitation still `unreachable` turns `pending` together with its
	 * invite delivery (not before `notBefore`), so none is invited twice or left pending without one. Returns how
	 * many were invited.
	 */
	inviteLate(
		campaignId: CampaignId,
		people: readonly { employeeId: EmployeeId; notBefore: Date }[],
	): Promise<number>;
};
