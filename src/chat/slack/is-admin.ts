import { isCensusAdmin } from "../admin/is-census-admin.js";
import type { SlackDeps } from "./slack-deps.js";

/** True when the Slack user is in CENSUS_ADMINS by user id, or by their roster email. */
export function isAdmin(
	deps: Pick<SlackDeps, "admins" | "store">,
	userId: string,
): Promise<boolean> {
	return isCensusAdmin(deps.admins, [userId], () =>
		deps.store.emailForSlackUser(userId),
	);
}
