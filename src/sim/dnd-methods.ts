import type { SlackMethodHandler } from "./fake-slack-types.js";

/** The most users `dnd.teamInfo` takes in one call (Slack: "for up to 50 users on a team"). */
export const dndTeamInfoMaxUsers = 50;

/** `dnd.teamInfo` for the fake workspace: each user's Do Not Disturb schedule, as Slack documents it. */
export const dndMethods: Record<string, SlackMethodHandler> = {
	"dnd.teamInfo": (p, ws) => {
		const users = String(p.users ?? "")
			.split(",")
			.map((u) => u.trim())
			.filter((u) => u.length > 0);
		if (users.length === 0) return { ok: false, error: "no_users_provided" };
		// Slack does not say what it answers beyond 50; the fake refuses, so that a caller who sends more fails.
		if (users.length > dndTeamInfoMaxUsers)
			return { ok: false, error: "too_many_users" };
		const out: Record<string, unknown> = {};
		for (const id of users) {
			const dnd = ws.dnd.get(id);
			// Slack's own example shows someone without Do Not Disturb as disabled with timestamps of 1.
			out[id] = dnd
				? {
						dnd_enabled: true,
						next_dnd_start_ts: Math.floor(dnd.startMs / 1000),
						next_dnd_end_ts: Math.floor(dnd.endMs / 1000),
					}
				: { dnd_enabled: false, next_dnd_start_ts: 1, next_dnd_end_ts: 1 };
		}
		return { ok: true, users: out };
	},
};
