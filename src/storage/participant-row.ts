import { asCampaignId, asEmployeeId } from "../domain/ids.js";
import type { ParticipationStatus } from "../domain/participation/response-rates.js";
import type { Participant } from "../domain/ports.js";

/** One person's invitation to a campaign, as `participantSelect` reads it. */
export type ParticipantRow = {
	campaign_id: string;
	employee_id: string;
	report_group: string;
	grade: string;
	status: string;
	active: boolean;
	slack_user_id: string | null;
	dm_channel: string | null;
	message_ts: string | null;
	language: string | null;
	platform_locale: string | null;
};

/** The select a participant lookup starts from (`i`: the invitation, `e`: the employee); add the where clause. */
export const participantSelect = `
	select i.campaign_id::text, i.employee_id::text, i.report_group, e.grade, i.status, e.active,
	       e.slack_user_id, i.dm_channel, i.message_ts, e.language, e.platform_locale
	from invitation i join employee e on e.id = i.employee_id`;

export function toParticipant(r: ParticipantRow): Participant {
	return {
		campaignId: asCampaignId(r.campaign_id),
		employeeId: asEmployeeId(r.employee_id),
		reportGroup: r.report_group,
		grade: r.grade,
		status: r.status as ParticipationStatus,
		active: r.active,
		slackUserId: r.slack_user_id,
		dmChannel: r.dm_channel,
		messageTs: r.message_ts,
		language: r.language,
		platformLocale: r.platform_locale,
	};
}
