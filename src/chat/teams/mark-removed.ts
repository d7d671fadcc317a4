import type { Activity } from "botbuilder";
import type { ReachRecorder } from "../../domain/roster/reach-recorder.js";

/**
 * A person removed the app (`installationUpdate`, action `remove`, in their personal scope): the bot can no
 * longer write to them, so the roster records them unreachable (`app_not_installed`) by whichever id it holds,
 * the bot-scoped one or the Entra object id. A removal from a team or group chat changes nobody's reach.
 */
export async function markRemoved(
	activity: Partial<Activity>,
	reach: ReachRecorder | undefined,
): Promise<void> {
	if (!reach || activity.conversation?.conversationType !== "personal") return;
	const ids = [activity.from?.id, activity.from?.aadObjectId].filter(
		(id): id is string => typeof id === "string" && id.length > 0,
	);
	for (const id of new Set(ids))
		await reach.markTeamsUnreachable(id, "app_not_installed");
}
