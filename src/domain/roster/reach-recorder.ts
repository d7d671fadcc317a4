import type { UnreachableReason } from "./reach.js";

/**
 * Records on the roster what a platform said about reaching a person (`employee.unreachable_reason`,
 * `reach_checked_at`). Who is unreachable is a fact about the roster, never about answers.
 */
export type ReachRecorder = {
	/** The person with this Teams user id (bot-scoped or Entra object id) cannot be reached, for this reason. */
	markTeamsUnreachable(
		teamsUserId: string,
		reason: UnreachableReason,
	): Promise<void>;
	/**
	 * The person with this Teams user id removed the app: they are unreachable (`app_not_installed`), and their
	 * reminders still queued for Teams are cancelled (none is attempted; no later wave reminds them while the app
	 * stays removed). Returns how many reminders were cancelled.
	 */
	markTeamsAppRemoved(teamsUserId: string): Promise<number>;
	/** The person with this Teams user id can be reached again (the app was installed for them). */
	markTeamsReachable(teamsUserId: string): Promise<void>;
};
