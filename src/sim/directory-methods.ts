import { asksForLocale, userBody } from "./chat-methods.js";
import type { FakeUser, SlackMethodHandler } from "./fake-slack-types.js";
import type { FakeSlackWorkspace } from "./fake-slack-workspace.js";

/** The most `users.list` returns in one page; Slack advises no more than 200 and caps `limit` at 1000. */
const maxLimit = 1000;
/** Without `limit`, a workspace larger than this is refused (`limit_required`), as Slack does for large teams. */
const unlimitedUpTo = 500;

const fail = (error: string) => ({ ok: false as const, error });

/** An opaque cursor, base64 as Slack's are: the position of the next member. */
const cursorAt = (offset: number) =>
	Buffer.from(`user:${offset}`).toString("base64");

function offsetOf(cursor: unknown): number | null {
	if (cursor === undefined || cursor === "") return 0;
	const m = /^user:(\d+)$/.exec(
		Buffer.from(String(cursor), "base64").toString("utf8"),
	);
	return m ? Number(m[1]) : null;
}

/** The members `users.list` lists: the workspace's, or with an org-wide install the named workspace's. */
function membersOf(
	ws: FakeSlackWorkspace,
	teamId: string | undefined,
): FakeUser[] | { error: string } {
	const all = [...ws.users.values()];
	if (!ws.enterpriseTeams) return all;
	// An org-level token must say which workspace to list.
	if (!teamId) return { error: "missing_argument" };
	if (!ws.enterpriseTeams.includes(teamId))
		return { error: "team_access_not_granted" };
	return all.filter((u) => (u.teamId ?? ws.teamId) === teamId);
}

/** `users.list` (cursor paging) and `auth.teams.list` for the fake workspace, as Slack documents them. */
export const directoryMethods: Record<string, SlackMethodHandler> = {
	"users.list": (p, ws) => {
		const members = membersOf(
			ws,
			typeof p.team_id === "string" ? p.team_id : undefined,
		);
		if (!Array.isArray(members)) return fail(members.error);
		const limit = p.limit === undefined ? 0 : Number(p.limit);
		if (!Number.isInteger(limit) || limit < 0) return fail("invalid_limit");
		if (limit === 0 && members.length > unlimitedUpTo)
			return fail("limit_required");
		const offset = offsetOf(p.cursor);
		if (offset === null || offset > members.length)
			return fail("invalid_cursor");
		const size = limit === 0 ? members.length : Math.min(limit, maxLimit);
		const page = members.slice(offset, offset + size);
		const next = offset + page.length;
		return {
			ok: true,
			members: page.map((u) => userBody(ws, u, asksForLocale(p))),
			cache_ts: Math.floor(ws.now() / 1000),
			response_metadata: {
				next_cursor: next < members.length ? cursorAt(next) : "",
			},
		};
	},
	"auth.teams.list": (p, ws) => {
		if (!ws.enterpriseTeams) return fail("not_allowed_token_type");
		const offset = offsetOf(p.cursor) ?? 0;
		const limit = p.limit === undefined ? 100 : Math.max(1, Number(p.limit));
		const page = ws.enterpriseTeams.slice(offset, offset + limit);
		const next = offset + page.length;
		return {
			ok: true,
			teams: page.map((id) => ({ id, name: `Workspace ${id}` })),
			response_metadata: {
				next_cursor: next < ws.enterpriseTeams.length ? cursorAt(next) : "",
			},
		};
	},
};
