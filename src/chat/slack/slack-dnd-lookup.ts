import { z } from "zod";
import type { DoNotDisturb } from "../../domain/deliveries/do-not-disturb.js";
import type { SlackPostResult } from "./slack-web-api-poster.js";

/** Raised when Slack will not tell us about Do Not Disturb for a while; `retryAfterMs` says how long to leave it. */
export class DndLookupUnavailable extends Error {
	constructor(
		/** A Slack error code, `rate_limited`, or `network`. */
		readonly reason: string,
		readonly retryAfterMs: number,
	) {
		super(`Do Not Disturb lookups unavailable: ${reason}`);
		this.name = "DndLookupUnavailable";
	}
}

/** Looks up the Do Not Disturb state of up to 50 users in one call. */
export type DndLookup = (users: string[]) => Promise<Map<string, DoNotDisturb>>;

const seconds = z.number().int().nonnegative();
const userSchema = z.object({
	dnd_enabled: z.boolean().optional(),
	next_dnd_start_ts: seconds.optional(),
	next_dnd_end_ts: seconds.optional(),
	// Slack documents these for dnd.info of oneself, not for dnd.teamInfo; honoured if they ever appear.
	snooze_enabled: z.boolean().optional(),
	snooze_endtime: seconds.optional(),
});
const responseSchema = z.object({ users: z.record(z.string(), userSchema) });

/** Errors that will not go away by themselves (the app must be reinstalled or its token replaced). */
const lasting = new Set([
	"missing_scope",
	"not_allowed_token_type",
	"invalid_auth",
	"account_inactive",
	"token_revoked",
	"no_permission",
	"ekm_access_denied",
]);

const date = (ts: number | undefined) =>
	ts && ts > 1 ? new Date(ts * 1000) : null;

/** Posts form fields to a Web API method (see `SlackWebApiPoster.postForm`). */
export type SlackFormPost = (
	method: string,
	fields: Record<string, string>,
) => Promise<SlackPostResult>;

/**
 * `dnd.teamInfo` (Tier 2: about 20 calls a minute, 50 users each), without retries. Failures come out as
 * `DndLookupUnavailable` with how long to leave lookups alone: a 429's Retry-After, 15 minutes for a missing scope
 * or a refused token, 30 seconds for anything else.
 */
export function createSlackDndLookup(post: SlackFormPost): DndLookup {
	return async (users) => {
		let result: SlackPostResult;
		try {
			result = await post("dnd.teamInfo", { users: users.join(",") });
		} catch {
			throw new DndLookupUnavailable("network", 30_000);
		}
		if (result.kind === "rate-limited")
			throw new DndLookupUnavailable("rate_limited", result.retryAfterMs);
		if (result.kind === "refused")
			throw new DndLookupUnavailable(
				result.error,
				lasting.has(result.error) ? 15 * 60_000 : 30_000,
			);
		const parsed = responseSchema.safeParse(result.body);
		if (!parsed.success)
			throw new DndLookupUnavailable("unexpected_response", 30_000);
		const out = new Map<string, DoNotDisturb>();
		for (const [id, u] of Object.entries(parsed.data.users))
			out.set(id, {
				scheduleEnabled: u.dnd_enabled === true,
				nextStart: date(u.next_dnd_start_ts),
				nextEnd: date(u.next_dnd_end_ts),
				snoozeEnd: u.snooze_enabled ? date(u.snooze_endtime) : null,
			});
		return out;
	};
}
