import type { Platform } from "../deliveries/platform.js";

/**
 * Why a roster person cannot be reached on a platform. Shown to admins as a reason code (never as a list of
 * non-respondents: who is unreachable is a fact about the roster, not about answers).
 * - `not_found`: no account on the platform has the person's email.
 * - `deactivated`: the account exists but is deactivated (Slack `deleted`, Entra `accountEnabled: false`).
 * - `guest`: a guest account the bot may not message (Slack single-channel guest; restricted accounts).
 * - `bot`: the email belongs to a bot or app user.
 * - `app_not_installable`: Teams: the app could not be installed for them (blocked by policy, no licence).
 * - `app_not_installed`: Teams: the app is not installed and no Graph access is configured to install it.
 * - `no_platform`: no configured platform could even try (no id on the roster and no directory lookup).
 */
export type UnreachableReason =
	| "not_found"
	| "deactivated"
	| "guest"
	| "bot"
	| "app_not_installable"
	| "app_not_installed"
	| "no_platform";

/** Every reason code, in the order reports list them. */
export const unreachableReasons: readonly UnreachableReason[] = [
	"not_found",
	"deactivated",
	"guest",
	"bot",
	"app_not_installable",
	"app_not_installed",
	"no_platform",
];

/** What a directory lookup found for one roster email on one platform. */
export type ReachOutcome =
	| {
			kind: "found";
			/** The platform's user id for the person (Slack member id `U…`/`W…`; Teams: Entra object id). */
			userId: string;
			/**
			 * The locale the platform gives for the person, when it gave one: Slack's `locale` (e.g. "cy-GB"), Graph's
			 * `preferredLanguage`.
			 */
			locale?: string;
	  }
	| { kind: "unreachable"; reason: UnreachableReason };

/** One roster email resolved on one platform. Emails are compared case-insensitively (lower-cased here). */
export type ReachResult = {
	email: string;
	platform: Platform;
	outcome: ReachOutcome;
};

/**
 * A platform's people directory: resolves roster emails to the platform's user ids (Slack `users.list` /
 * `users.lookupByEmail`; Microsoft Graph `/users` in Teams). Implementations pace themselves to the platform's
 * limits and honour `Retry-After`; they never message anyone.
 */
export type PlatformDirectory = {
	readonly platform: Platform;
	/**
	 * Resolves every email given (lower-cased, unique). Returns one result per email, in any order. `onProgress`
	 * is told how many of the emails are settled so far, for long CLI runs.
	 */
	resolve(
		emails: readonly string[],
		onProgress?: (settled: number, total: number) => void,
	): Promise<ReachResult[]>;
};
