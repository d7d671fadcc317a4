import type { Activity } from "botbuilder";
import type { ReachRecorder } from "../../domain/roster/reach-recorder.js";

/** The ids a personal-scope activity names its person by: the bot-scoped one and the Entra object id. */
function personalIds(activity: Partial<Activity>): string[] {
	if (activity.conversation?.conversationType !== "personal") return [];
	const ids = [activity.from?.id, activity.from?.aadObjectId].filter(
		(id): id is string => typeof id === "string" && id.length > 0,
	);
	return [...new Set(ids)];
}

/**
 * A person removed the app (`installationUpdate`, action `remove`, in their personal scope): the bot can no
 * longer write to them, so the roster records them unreachable (`app_not_installed`) by whichever id it holds,
 * the bot-scoped one or the Entra object id, and their reminders still queued are cancelled (no later wave
 * reminds them either). A removal from a team or group chat changes nobody's reach.
 */
export async function markRemoved(
	activity: Partial<Activity>,
	reach: ReachRecorder | undefined,
): Promise<void> {
	if (!reach) return;
	for (const id of personalIds(activity)) await reach.markTeamsAppRemoved(id);
}

/**
 * The app was installed in a person's personal scope (the bot was added to their 1:1 chat): they can be reached
 * again, so reminders resume for them. An installation in a team or group chat changes nobody's reach.
 */
export async function markInstalled(
	activity: Partial<Activity>,
	reach: ReachRecorder | undefined,
): Promise<void> {
	if (!reach) return;
	for (const id of personalIds(activity)) await reach.markTeamsReachable(id);
}
