import type { Platform } from "../deliveries/platform.js";
import type { EmployeeId } from "../ids.js";
import { DirectoryError, type DirectoryFailure } from "./directory-error.js";
import {
	type PlatformDirectory,
	type ReachResult,
	type UnreachableReason,
	unreachableReasons,
} from "./reach.js";

/** An active roster person as the reach check sees them: the email to look up and the ids the roster has. */
export type ReachPerson = {
	employeeId: EmployeeId;
	/** Lower-cased. */
	email: string;
	slackUserId: string | null;
	teamsUserId: string | null;
	/** Why the last check could not reach them; null when it could, or they were never checked. */
	unreachableReason: UnreachableReason | null;
};

/**
 * Whom to look up: `everyone` (a full check, which also finds accounts deactivated since), or only the people
 * `without-ids` on any configured platform (what `start` does: the roster's ids are trusted as they always were,
 * and a large directory is not listed again for nothing).
 */
export type ReachScope = "everyone" | "without-ids";

/**
 * What the check learnt about one person. An id left `undefined` keeps the roster's (the platform was not asked, or
 * found nobody by that email while the roster names an account); `null` clears it (the account cannot be messaged).
 */
export type ReachUpdate = {
	employeeId: EmployeeId;
	slackUserId?: string | null;
	teamsUserId?: string | null;
	/** The locale their platform gives (Slack's, Graph's), recorded with the id; `undefined` keeps the one recorded before. */
	platformLocale?: string;
	/** Null when the bot can invite them on some configured platform. */
	unreachableReason: UnreachableReason | null;
};

/** The roster side of a reach check. */
export type ReachRoster = {
	/** Every active person. */
	listActivePeople(): Promise<ReachPerson[]>;
	/**
	 * Records the outcome for each person (ids found, reasons) and when it was checked. Idempotent, so a check
	 * stopped half-way (a crash) is simply run again. An id found for one person is taken from anyone else the
	 * roster gave it to: the platform's directory is the authority on whose account it is.
	 */
	recordReach(updates: readonly ReachUpdate[], checkedAt: Date): Promise<void>;
};

/** One unreachable person, for the admin's list (never logged, never in a message beyond the admin's CSV). */
export type UnreachablePerson = { email: string; reason: UnreachableReason };

/** The outcome of a reach check. */
export type ReachReport = {
	/** Active people on the roster. */
	people: number;
	/** People the bot can invite on at least one configured platform. */
	reachable: number;
	/** For each configured platform, how many people it can reach (someone on both counts on both). */
	byPlatform: { platform: Platform; reachable: number }[];
	/** Everyone who cannot be invited, sorted by email. */
	unreachable: UnreachablePerson[];
	/** How many are unreachable for each reason, in the order of `unreachableReasons`, zeros left out. */
	reasons: { reason: UnreachableReason; count: number }[];
	/** Directories that failed (a missing scope, an outage): their platform was judged on the roster's ids alone. */
	failures: {
		platform: Platform;
		/** What went wrong, in English (UK). */
		message: string;
		/** The same as codes and values, when the directory gave them: worded in the admin's language. */
		failure?: DirectoryFailure;
	}[];
};

/** Reasons in the order one is chosen for someone unreachable everywhere: the most telling first. */
const preference: readonly UnreachableReason[] = [
	"deactivated",
	"guest",
	"bot",
	"app_not_installable",
	"app_not_installed",
	"not_found",
	"no_platform",
];

/** Reasons that mean the account the email names cannot be messaged, so a roster id for it is dropped too. */
const accountUnusable = new Set<UnreachableReason>([
	"deactivated",
	"guest",
	"bot",
	"app_not_installable",
]);

const idField = { slack: "slackUserId", teams: "teamsUserId" } as const;

/** A directory's failure as the report keeps it: the English message, and its codes when it gave them. */
function failureOf(
	platform: Platform,
	err: unknown,
): ReachReport["failures"][number] {
	return {
		platform,
		message: err instanceof Error ? err.message : String(err),
		...(err instanceof DirectoryError && err.failure
			? { failure: err.failure }
			: {}),
	};
}

/**
 * Resolves every active person against every configured platform's directory (one `resolve` call each, with all the
 * emails), records what it found on the roster, and reports the reach. A platform configured without a directory,
 * or whose directory fails, is judged on the roster's ids alone. Never messages anyone.
 */
export async function resolveReach(input: {
	roster: ReachRoster;
	/** The configured platforms in order of preference. */
	platforms: readonly Platform[];
	/** The directories of (some of) those platforms. */
	directories: readonly PlatformDirectory[];
	now: () => Date;
	/** Default `everyone`. */
	scope?: ReachScope;
	onProgress?: (platform: Platform, settled: number, total: number) => void;
	/** Told why a directory failed (for the log: a code and a message, never an email). */
	onFailure?: (platform: Platform, err: unknown) => void;
}): Promise<ReachReport> {
	const everyone = await input.roster.listActivePeople();
	const hasId = (p: ReachPerson) =>
		input.platforms.some((platform) => p[idField[platform]] !== null);
	const people =
		input.scope === "without-ids"
			? everyone.filter((p) => !hasId(p))
			: everyone;
	const emails = [...new Set(people.map((p) => p.email.toLowerCase()))];
	const found = new Map<Platform, Map<string, ReachResult["outcome"]>>();
	const failures: ReachReport["failures"] = [];
	for (const directory of input.directories) {
		if (!input.platforms.includes(directory.platform) || emails.length === 0)
			continue;
		try {
			const results = await directory.resolve(emails, (settled, total) =>
				input.onProgress?.(directory.platform, settled, total),
			);
			found.set(
				directory.platform,
				new Map(results.map((r) => [r.email.toLowerCase(), r.outcome])),
			);
		} catch (err) {
			input.onFailure?.(directory.platform, err);
			failures.push(failureOf(directory.platform, err));
		}
	}
	const updates: ReachUpdate[] = [];
	const unreachable: UnreachablePerson[] = [];
	const byPlatform = new Map(input.platforms.map((p) => [p, 0]));
	const reasonCounts = new Map<UnreachableReason, number>();
	let reachable = 0;
	for (const person of people) {
		const update: ReachUpdate = {
			employeeId: person.employeeId,
			unreachableReason: null,
		};
		const reasons: UnreachableReason[] = [];
		let reachedSomewhere = false;
		for (const platform of input.platforms) {
			const field = idField[platform];
			let id = person[field];
			const outcome = found.get(platform)?.get(person.email.toLowerCase());
			if (outcome?.kind === "found") {
				id = outcome.userId;
				update[field] = id;
				if (outcome.locale) update.platformLocale = outcome.locale;
			} else if (outcome?.kind === "unreachable") {
				reasons.push(outcome.reason);
				if (accountUnusable.has(outcome.reason) && id !== null) {
					id = null;
					update[field] = null;
				}
			}
			if (id !== null) {
				reachedSomewhere = true;
				byPlatform.set(platform, (byPlatform.get(platform) ?? 0) + 1);
			}
		}
		if (reachedSomewhere) reachable++;
		else {
			const reason =
				preference.find((r) => reasons.includes(r)) ?? "no_platform";
			update.unreachableReason = reason;
			unreachable.push({ email: person.email, reason });
			reasonCounts.set(reason, (reasonCounts.get(reason) ?? 0) + 1);
		}
		updates.push(update);
	}
	await input.roster.recordReach(updates, input.now());
	// People not looked up this time (they have an id) are judged as the roster stands: an id reaches them.
	const looked = new Set(people.map((p) => p.employeeId));
	for (const person of everyone) {
		if (looked.has(person.employeeId)) continue;
		let reachedSomewhere = false;
		for (const platform of input.platforms)
			if (person[idField[platform]] !== null) {
				reachedSomewhere = true;
				byPlatform.set(platform, (byPlatform.get(platform) ?? 0) + 1);
			}
		if (reachedSomewhere) {
			reachable++;
			continue;
		}
		const reason = person.unreachableReason ?? "no_platform";
		unreachable.push({ email: person.email, reason });
		reasonCounts.set(reason, (reasonCounts.get(reason) ?? 0) + 1);
	}
	unreachable.sort((a, b) =>
		a.email < b.email ? -1 : a.email > b.email ? 1 : 0,
	);
	return {
		people: everyone.length,
		reachable,
		byPlatform: input.platforms.map((platform) => ({
			platform,
			reachable: byPlatform.get(platform) ?? 0,
		})),
		unreachable,
		reasons: unreachableReasons
			.filter((r) => (reasonCounts.get(r) ?? 0) > 0)
			.map((reason) => ({ reason, count: reasonCounts.get(reason) ?? 0 })),
		failures,
	};
}
