import { z } from "zod";
import { asCampaignId, asEmployeeId } from "../domain/ids.js";

/** Queue names, defined once. */
export const queueNames = { invitations: "census-invitations" } as const;

/** An invitation job carries ids only: never an answer. */
export const invitationJobSchema = z.object({
	campaignId: z.uuid().transform(asCampaignId),
	employeeId: z.uuid().transform(asEmployeeId),
});

export type InvitationJob = z.output<typeof invitationJobSchema>;

/** Deterministic job id, so the same invitation is never queued twice. */
export function invitationJobId(job: InvitationJob): string {
	return `invite-${job.campaignId}-${job.employeeId}`;
}
