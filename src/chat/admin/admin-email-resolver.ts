import type { ReachOutcome } from "../../domain/roster/reach.js";
import type { Logger } from "../../logger.js";

/** Why admins named by email in CENSUS_ADMINS may not be recognised: counts, never the emails. */
export type AdminLookupState = {
	/** Admins named by email. */
	byEmail: number;
	/** Of those, found on the platform (and so recognised). */
	found: number;
	/** No active, messageable account has the email (not found, deactivated, a guest). */
	notFound: number;
	/** The lookup itself failed (a missing scope, an outage): tried again later. */
	failed: number;
};

/**
 * Recognises admins named by email in CENSUS_ADMINS on a platform whose directory can look an email up, so that an
 * admin is recognised before (or without) being on the roster. Each email is looked up once, on first use; a failed
 * lookup is tried again after `retryAfterMs`.
 */
export class AdminEmailResolver {
	private readonly emails: string[];
	private readonly ids = new Map<string, string>();
	private readonly missing = new Set<string>();
	private readonly failedAt = new Map<string, number>();

	constructor(
		admins: readonly string[],
		private readonly lookUp: (email: string) => Promise<ReachOutcome>,
		private readonly logger: Logger,
		private readonly retryAfterMs = 60_000,
		private readonly now: () => number = Date.now,
	) {
		this.emails = admins.filter((a) => a.includes("@"));
	}

	/** True when `userId` is the account of an admin named by email. */
	async isAdmin(userId: string): Promise<boolean> {
		await this.resolvePending();
		return [...this.ids.values()].includes(userId);
	}

	/** Where the lookups stand, for the log of a refused command. */
	state(): AdminLookupState {
		return {
			byEmail: this.emails.length,
			found: this.ids.size,
			notFound: this.missing.size,
			failed: this.failedAt.size,
		};
	}

	private async resolvePending(): Promise<void> {
		for (const email of this.emails) {
			if (this.ids.has(email) || this.missing.has(email)) continue;
			const failed = this.failedAt.get(email);
			if (failed !== undefined && this.now() - failed < this.retryAfterMs)
				continue;
			try {
				const outcome = await this.lookUp(email);
				this.failedAt.delete(email);
				if (outcome.kind === "found") this.ids.set(email, outcome.userId);
				else this.missing.add(email);
			} catch (err) {
				this.failedAt.set(email, this.now());
				this.logger.warn(
					{ err: err as Error, code: (err as { code?: string }).code },
					"could not look up an admin named by email in CENSUS_ADMINS",
				);
			}
		}
	}
}
