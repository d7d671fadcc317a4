import type { Platform } from "../deliveries/platform.js";
import type { RosterRow } from "./roster-row.js";

/**
 * True for a row no configured platform can reach as it stands: no id for any of them. What an import says about
 * such rows is worded where it is shown (`reachWarning` in chat/admin/roster-import-words).
 */
export function isIdless(
	row: RosterRow,
	platforms: readonly Platform[],
): boolean {
	return (
		!(platforms.includes("slack") && row.slackUserId) &&
		!(platforms.includes("teams") && row.teamsUserId)
	);
}
