import type { CampaignId, EmployeeId } from "../ids.js";
import type { Participant, TeamsUserIds } from "../ports.js";
import type { ParticipationStatus } from "./response-rates.js";

/**
 * The participation ledger: who was invited, who responded and who opted out, and who a platform user is. Holds
 * who, never what: no method takes or returns a ballot.
 */
export type ParticipationStore = {
	/** The roster email of the person with this Slack user id, for admin checks. */
	emailForSlackUser(slackUserId: string): Promise<string | null>;
	/** The roster language (BCP 47) of the person with this Slack user id; null when none is given. */
	languageOfSlackUser(slackUserId: string): Promise<string | null>;
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
