import type { CampaignId } from "../ids.js";
import type { UnreachableReason } from "./reach.js";

/**
 * Why an open campaign's invitation did not reach someone: the reason the roster records (see `UnreachableReason`),
 * or `refused` when the platform refused the message without the roster knowing why.
 */
export type NotReachedReason = UnreachableReason | "refused";

/**
 * Someone on the roster a campaign could not reach: `not_sent` (no configured platform could reach them when it
 * opened, so no invitation was sent) or `undeliverable` (the platform refused it for good). Chosen by the
 * invitation's delivery alone, never by whether anyone answered: nobody here ever received the invitation.
 */
export type NotReached = {
	/** Lower-cased roster email. */
	email: string;
	invitation: "not_sent" | "undeliverable";
	reason: NotReachedReason;
};

/** The people a campaign could not reach, sorted by email. */
export type NotReachedList = (campaignId: CampaignId) => Promise<NotReached[]>;
