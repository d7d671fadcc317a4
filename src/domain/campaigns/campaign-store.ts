import type { WrappedCampaignKey } from "../ballots/key-custody.js";
import type { CampaignId, EmployeeId } from "../ids.js";
import type {
	Campaign,
	CampaignSummary,
	ListedCampaignStatus,
	NewCampaign,
	OpeningCampaign,
	OpeningObserver,
	RosterCell,
	RosterPagePerson,
	StoredRelease,
} from "../ports.js";
import type { CampaignReport } from "../reporting/campaign-report.js";
import type { ReportingGroup } from "./reporting-groups.js";

/**
 * Campaigns and what is frozen or published about them: the roster a campaign freezes, its reporting groups and
 * keys, its report and the release ledger. No method names a participant's state or touches a single ballot.
 */
export type CampaignStore = {
	/** The one open campaign, if any. */
	findOpenCampaign(): Promise<Campaign | null>;
	/** A campaign by id, in any state. */
	findCampaign(id: string): Promise<Campaign | null>;
	/**
	 * The active roster by department and grade: headcounts, and how many the bot can invite (an id on a configured
	 * platform, and no reason from the last reach check why not). A few rows whatever the roster size.
	 */
	summariseActiveRoster(): Promise<RosterCell[]>;
	/**
	 * The next page of active people after `after` (null: from the first) in employee id order (keyset paging), of
	 * the store's own page size; an empty page past the last.
	 */
	listActiveRosterPage(after: EmployeeId | null): Promise<RosterPagePerson[]>;
	/**
	 * Creates the campaign (frozen at once), then its invitations and deliveries in committed batches, then opens
	 * it: nothing is sent, answered or counted before. Throws `CampaignAlreadyOpenError` when another campaign is
	 * open or opening by then (a stale opening left by a crashed start is abandoned and removed instead). On any
	 * failure it removes what it wrote; if even that fails, the next start removes it once it is stale.
	 */
	openCampaign(c: NewCampaign, observe?: OpeningObserver): Promise<Campaign>;
	/** The campaign another start is opening right now, if any. */
	findOpeningCampaign(): Promise<OpeningCampaign | null>;
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
