import type { ClaimedDelivery } from "./outbox-store.js";

/**
 * Why a delivery is no longer wanted, or null when it should go out: after the close only the admin's notice and
 * posts go (the notice is about the close); an invitation once the person is reached (invited, answered or found
 * unreachable); a reminder once they answered or left the invited state.
 */
export function noLongerWanted(
	d: Pick<ClaimedDelivery, "kind" | "campaignStatus" | "participation">,
): "closed" | "reached" | "answered" | null {
	if (d.kind !== "post" && d.kind !== "notice" && d.campaignStatus !== "open")
		return "closed";
	if (d.kind === "invite" && d.participation !== "pending") return "reached";
	if (d.kind === "reminder" && d.participation !== "invited") return "answered";
	return null;
}
