import { z } from "zod";
import { asCampaignId, asEmployeeId } from "../domain/ids.js";

/** Queue names, defined once. */
export const queueNames = { invitations: "census-invitations" } as const;

/** An invitation job carries ids only: never an answer. */
export const invitationJobSchema = z.object({
	campaignId: z.uuid().transform(asCampaignId),
	employeeId: z.uuid().transform(asEmployeeId),
	/** Set on an admin's deliberate resend of an unknown delivery, so it gets a new job id. */
	resend: z
		.string()
		.regex(/^[a-z0-9]{1,16}$/)
		.optional(),
});

export type InvitationJob = z.output<typeof invitationJobSchema>;

/** Deterministic job id, so the same invitation is never queued twice. */
export function invitationJobId(job: InvitationJob): string {
	return `invite-${job.campaignId}-${job.employeeId}${job.resend ? `-r${job.resend}` : ""}`;
}

/**
 * Thrown by a sender when the platform answered 429: nothing was sent, the claim has been given back, and the
 * whole queue should pause for `retryAfterMs` (one queue per workspace, so one pause for everyone).
 */
export class PlatformRateLimited extends Error {
	constructor(readonly retryAfterMs: number) {
		super(`rate limited for ${retryAfterMs} ms`);
		this.name = "PlatformRateLimited";
	}
}
