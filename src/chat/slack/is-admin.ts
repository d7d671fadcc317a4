import type { SlackDeps } from "./slack-deps.js";

/** True when the Slack user is in CENSUS_ADMINS by user id, or by their roster email. */
export async function isAdmin(
	deps: Pick<SlackDeps, "admins" | "store">,
	userId: string,
): Promise<boolean> {
	if (deps.admins.includes(userId.toLowerCase())) return true;
	const email = await deps.store.emailForSlackUser(userId);
	return email !== null && deps.admins.includes(email.toLowerCase());
}
