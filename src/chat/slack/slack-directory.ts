import {
	ErrorCode,
	type WebAPICallResult,
	WebClient,
	type WebClientOptions,
} from "@slack/web-api";
import type { Platform } from "../../domain/deliveries/platform.js";
import {
	DirectoryError,
	type DirectoryFailure,
} from "../../domain/roster/directory-error.js";
import type {
	PlatformDirectory,
	ReachOutcome,
	ReachResult,
} from "../../domain/roster/reach.js";
import { directoryFailureText } from "../admin/directory-failure-text.js";
import { CallPacer, type PacerClock, realPacerClock } from "./call-pacer.js";
import {
	betterOutcome,
	classifySlackMember,
	type SlackMember,
} from "./classify-slack-member.js";

/** How the Slack directory is reached and paced. */
export type SlackDirectoryOptions = {
	token: string;
	/** Web API base URL (the fake's in tests); default Slack's. */
	apiUrl?: string;
	/** `users.list` and `auth.teams.list` calls a minute: Tier 2 allows 20 (paced 5% under). */
	listPerMinute?: number;
	/** `users.lookupByEmail` calls a minute: Tier 3 allows 50 (paced 5% under). */
	lookupPerMinute?: number;
	/** Up to this many emails are looked up one by one (late additions); more, and the whole directory is listed. */
	lookupAtMost?: number;
	/** Members per `users.list` page; Slack advises no more than 200. */
	pageSize?: number;
	/** Consecutive 429s on one call before giving up. */
	maxRateLimited?: number;
	clock?: PacerClock;
	/** Told about each 429 (for the log). */
	onRateLimited?: (method: string, retryAfterMs: number) => void;
};

type ListPage = WebAPICallResult & {
	members?: SlackMember[];
	response_metadata?: { next_cursor?: string };
};

/** A directory failure with its English (UK) message (for the log and the command line) and its codes. */
function failed(
	code: "missing-scope" | "unavailable",
	failure: DirectoryFailure,
): DirectoryError {
	return new DirectoryError(code, directoryFailureText(failure), failure);
}

/**
 * Slack's people directory: pages through `users.list` (cursor paging, 200 a page, Tier 2 pace, Retry-After
 * honoured) and matches roster emails case-insensitively; a handful of emails go through `users.lookupByEmail`
 * instead (Tier 3). An Enterprise Grid org-wide install lists each workspace of the org (`auth.teams.list`, then
 * `users.list` with its `team_id`). Deactivated members, bots and guests are found but unreachable. A listing also
 * brings each member's Slack locale (`include_locale`), their language when the roster gives none. Reads only.
 */
export class SlackDirectory implements PlatformDirectory {
	readonly platform: Platform = "slack";
	private readonly client: WebClient;
	private readonly listPacer: CallPacer;
	private readonly lookupPacer: CallPacer;
	private readonly clock: PacerClock;

	constructor(
		private readonly opts: SlackDirectoryOptions,
		clientOptions: WebClientOptions = {},
	) {
		this.clock = opts.clock ?? realPacerClock;
		this.client = new WebClient(opts.token, {
			...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
			// 429s are paced here, so that they are counted and Retry-After is honoured for the whole tier.
			rejectRateLimitedCalls: true,
			retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4000 },
			...clientOptions,
		});
		this.listPacer = new CallPacer(opts.listPerMinute ?? 20, this.clock);
		this.lookupPacer = new CallPacer(opts.lookupPerMinute ?? 50, this.clock);
	}

	async resolve(
		emails: readonly string[],
		onProgress?: (settled: number, total: number) => void,
	): Promise<ReachResult[]> {
		const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
		const outcomes =
			wanted.length <= (this.opts.lookupAtMost ?? 10)
				? await this.lookUpEach(wanted, onProgress)
				: await this.listAll(new Set(wanted), onProgress);
		onProgress?.(wanted.length, wanted.length);
		return wanted.map((email) => ({
			email,
			platform: this.platform,
			outcome: outcomes.get(email) ?? {
				kind: "unreachable",
				reason: "not_found",
			},
		}));
	}

	/** One member by email (`users.lookupByEmail`), e.g. an admin named by email in CENSUS_ADMINS. */
	async lookUp(email: string): Promise<ReachOutcome> {
		const outcomes = await this.lookUpEach([email.toLowerCase()]);
		return (
			outcomes.get(email.toLowerCase()) ?? {
				kind: "unreachable",
				reason: "not_found",
			}
		);
	}

	private async lookUpEach(
		emails: readonly string[],
		onProgress?: (settled: number, total: number) => void,
	): Promise<Map<string, ReachOutcome>> {
		const outcomes = new Map<string, ReachOutcome>();
		for (const [i, email] of emails.entries()) {
			try {
				const r = (await this.call(this.lookupPacer, "users.lookupByEmail", {
					email,
				})) as WebAPICallResult & { user?: SlackMember };
				outcomes.set(
					email,
					r.user
						? classifySlackMember(r.user)
						: { kind: "unreachable", reason: "not_found" },
				);
			} catch (err) {
				if (platformError(err) !== "users_not_found") throw err;
				outcomes.set(email, { kind: "unreachable", reason: "not_found" });
			}
			onProgress?.(i + 1, emails.length);
		}
		return outcomes;
	}

	private async listAll(
		wanted: ReadonlySet<string>,
		onProgress?: (settled: number, total: number) => void,
	): Promise<Map<string, ReachOutcome>> {
		const outcomes = new Map<string, ReachOutcome>();
		let withEmail = 0;
		let people = 0;
		for (const teamId of await this.workspaces()) {
			let cursor: string | undefined;
			do {
				const page = (await this.call(this.listPacer, "users.list", {
					limit: this.opts.pageSize ?? 200,
					// Each member's Slack language comes with the page (no call of its own); `users.lookupByEmail`
					// has no such option, so people looked up one by one keep the locale the last listing gave.
					include_locale: true,
					...(cursor ? { cursor } : {}),
					...(teamId ? { team_id: teamId } : {}),
				})) as ListPage;
				for (const member of page.members ?? []) {
					if (!member.is_bot && member.id !== "USLACKBOT") people++;
					const email = member.profile?.email?.toLowerCase();
					if (!email) continue;
					withEmail++;
					if (!wanted.has(email)) continue;
					const outcome = classifySlackMember(member);
					const before = outcomes.get(email);
					outcomes.set(
						email,
						before ? betterOutcome(before, outcome) : outcome,
					);
				}
				onProgress?.(outcomes.size, wanted.size);
				cursor = page.response_metadata?.next_cursor || undefined;
			} while (cursor);
		}
		if (people > 0 && withEmail === 0)
			throw failed("missing-scope", { why: "no-emails", people });
		return outcomes;
	}

	/** The workspaces to list: none to name for an ordinary install; each of the org's for an org-wide one. */
	private async workspaces(): Promise<(string | undefined)[]> {
		const auth = (await this.client.auth.test()) as WebAPICallResult & {
			is_enterprise_install?: boolean;
		};
		if (!auth.is_enterprise_install) return [undefined];
		const teams: string[] = [];
		let cursor: string | undefined;
		do {
			const page = (await this.call(this.listPacer, "auth.teams.list", {
				limit: 100,
				...(cursor ? { cursor } : {}),
			})) as WebAPICallResult & {
				teams?: { id?: string }[];
				response_metadata?: { next_cursor?: string };
			};
			for (const t of page.teams ?? []) if (t.id) teams.push(t.id);
			cursor = page.response_metadata?.next_cursor || undefined;
		} while (cursor);
		return teams;
	}

	/** One paced call; a 429 waits its Retry-After and tries again; a missing scope says which and what to do. */
	private async call(
		pacer: CallPacer,
		method: string,
		args: Record<string, unknown>,
	): Promise<WebAPICallResult> {
		for (let limited = 0; ; limited++) {
			await pacer.slot();
			try {
				return await this.client.apiCall(method, args);
			} catch (err) {
				const e = err as { code?: string; retryAfter?: number };
				if (e.code === ErrorCode.RateLimitedError) {
					const ms = Math.max(1, e.retryAfter ?? 1) * 1000;
					this.opts.onRateLimited?.(method, ms);
					if (limited + 1 >= (this.opts.maxRateLimited ?? 20))
						throw failed("unavailable", { why: "rate-limited", method });
					pacer.pauseFor(ms);
					continue;
				}
				const code = platformError(err);
				if (code === "missing_scope" || code === "not_allowed_token_type")
					throw failed("missing-scope", {
						why: "refused",
						method,
						code,
						scopes: true,
					});
				if (code === "users_not_found") throw err;
				if (code)
					throw failed("unavailable", {
						why: "refused",
						method,
						code,
						scopes: false,
					});
				throw failed("unavailable", {
					why: "unreachable",
					method,
					error: err instanceof Error ? err.message : String(err),
				});
			}
		}
	}
}

/** The Slack `error` of a refused call, if it was one. */
function platformError(err: unknown): string | undefined {
	const e = err as { code?: string; data?: { error?: string } };
	return e.code === ErrorCode.PlatformError ? e.data?.error : undefined;
}
