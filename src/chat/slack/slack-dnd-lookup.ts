import { ErrorCode, type WebClient } from "@slack/web-api";
import { z } from "zod";
import type { DoNotDisturb } from "../../domain/deliveries/do-not-disturb.js";

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

/**
 * `dnd.teamInfo` through a WebClient with retries off and `rejectRateLimitedCalls` on (Tier 2: about 20 calls a
 * minute, 50 users each). Failures come out as `DndLookupUnavailable` with how long to leave lookups alone: a
 * 429's Retry-After, 15 minutes for a missing scope or a refused token, 30 seconds for anything else.
 */
export function createSlackDndLookup(client: WebClient): DndLookup {
	return async (users) => {
		let res: unknown;
		try {
			res = await client.dnd.teamInfo({ users: users.join(",") });
		} catch (err) {
			const e = err as {
				code?: string;
				retryAfter?: number;
				data?: { error?: string };
			};
			if (e.code === ErrorCode.RateLimitedError)
				throw new DndLookupUnavailable(
					"rate_limited",
					1000 * Math.max(1, e.retryAfter ?? 60),
				);
			if (e.code === ErrorCode.PlatformError) {
				const error = e.data?.error ?? "unknown_error";
				throw new DndLookupUnavailable(
					error,
					lasting.has(error) ? 15 * 60_000 : 30_000,
				);
			}
			throw new DndLookupUnavailable("network", 30_000);
		}
		const parsed = responseSchema.safeParse(res);
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
