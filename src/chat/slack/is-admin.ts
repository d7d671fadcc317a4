import { isCensusAdmin } from "../admin/is-census-admin.js";
import type { SlackDeps } from "./slack-deps.js";

/**
 * True when the Slack user is in CENSUS_ADMINS by user id, by their roster email, or as the Slack account of an
 * admin named by email (`users.lookupByEmail`). A refusal is logged with why, as counts (never an email).
 */
export async function isAdmin(
	deps: Pick<SlackDeps, "admins" | "store" | "logger"> &
		Partial<Pick<SlackDeps, "adminEmails">>,
	userId: string,
): Promise<boolean> {
	if (
		await isCensusAdmin(deps.admins, [userId], () =>
			deps.store.emailForUser({ platform: "slack", id: userId }),
		)
	)
		return true;
	if (await deps.adminEmails?.isAdmin(userId)) return true;
	const lookups = deps.adminEmails?.state();
	const unresolved = lookups ? lookups.notFound + lookups.failed : 0;
	// Someone refused while admins named by email are not recognised may be one of them: say why they are not.
	if (lookups && unresolved > 0)
		deps.logger.warn(
			{
				reason:
					lookups.failed > 0
						? "admin-email-lookup-failed"
						: "admin-email-not-found",
				count: unresolved,
				total: lookups.byEmail,
			},
			lookups.failed > 0
				? "refused a census command: some admins named by email could not be looked up in Slack (see the earlier warning)"
				: "refused a census command: some admins named by email have no active Slack account with that email",
		);
	else
		deps.logger.info(
			{ reason: "not-an-admin", total: lookups?.byEmail ?? 0 },
			"refused a census command: not in CENSUS_ADMINS by id, roster email or Slack email",
		);
	return false;
}
