import { z } from "zod";

/** Queue names, defined once. */
export const queueNames = { invitations: "census-invitations" } as const;

/** An invitation job carries ids only: never an answer. */
export const invitationJobSchema = z.object({
	campaignId: z.uuid(),
	employeeId: z.uuid(),
});

export type InvitationJob = z.infer<typeof invitationJobSchema>;

/** Deterministic job id, so the same invitation is never queued twice. */
export function invitationJobId(job: InvitationJob): string {
	return `invite-${job.campaignId}-${job.employeeId}`;
}
