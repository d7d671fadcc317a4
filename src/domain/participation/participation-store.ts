import type { PlatformUser } from "../deliveries/platform.js";
import type { CampaignId, EmployeeId } from "../ids.js";
import type { Participant } from "../ports.js";
import type { ParticipationStatus } from "./response-rates.js";

/**
 * The participation ledger: who was invited, who responded and who opted out, and who a platform user is. Holds
 * who, never what: no method takes or returns a ballot.
 */
export type ParticipationStore = {
	/** The roster email of the active person a platform user is, for admin checks. */
	emailForUser(user: PlatformUser): Promise<string | null>;
	/**
	 * The languages of the active person a platform user is, most preferred first: the roster's (BCP 47), then the
	 * locale their platform gave (Slack's, from the reach check); nulls where none is given, empty for nobody.
	 */
	languagesOfUser(user: PlatformUser): Promise<(string | null)[]>;
	/** The participant a platform user is in this campaign, while active on the roster. */
	findParticipantByUser(
		campaignId: CampaignId,
		user: PlatformUser,
	): Promise<Participant | null>;
	/** The participant by employee id. */
	findParticipant(
		campaignId: CampaignId,
		employeeId: EmployeeId,
	): Promise<Participant | null>;
	/** Records "don't remind me"; a respondent stays a respondent. */
	recordOptOut(campaignId: CampaignId, employeeId: EmployeeId): Promise<void>;
	/** Participation counts by reporting group and status. */
	participationCounts(
		campaignId: CampaignId,
	): Promise<{ group: string; status: ParticipationStatus; count: number }[]>;
	/**
	 * Reduces closed campaigns' ledgers to per-group counts once their retention has passed, and deletes leavers off
	 * the roster for `leaverRetentionDays` whom no ledger names any more.
	 */
	purgeExpiredLedgers(now: Date, leaverRetentionDays: number): Promise<number>;
};
