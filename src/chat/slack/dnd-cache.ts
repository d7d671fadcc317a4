import type { DoNotDisturb } from "../../domain/deliveries/do-not-disturb.js";
import type { Logger } from "../../logger.js";
import { type DndLookup, DndLookupUnavailable } from "./slack-dnd-lookup.js";

/** Options of a {@link DndCache}. */
export type DndCacheOptions = {
	/** How long a looked-up state is trusted (a person may start a snooze at any time). */
	ttlMs?: number;
	/** Users per lookup (`dnd.teamInfo` takes up to 50). */
	batchSize?: number;
	/** Clock in ms. */
	now?: () => number;
	/**
	 * Users likely to be asked about soon (the next deliveries in the queue): a lookup with room to spare takes
	 * them too, so that at a workspace's slow pace one call still serves about 50 sends.
	 */
	upcoming?: () => Promise<string[]>;
};

const noDnd: DoNotDisturb = {
	scheduleEnabled: false,
	nextStart: null,
	nextEnd: null,
	snoozeEnd: null,
};

/**
 * Do Not Disturb states by user, looked up in batches: the users asked about in the same turn of the event loop
 * (the deliveries the worker handles concurrently) share one lookup of up to 50, topped up with the next users
 * due (`upcoming`), and the answer is kept for a while. Do Not Disturb is a courtesy, never a reason not to send: when Slack will not say (rate
 * limited, scope missing, network), `stateOf` answers null at once for as long as the lookup asked to be left
 * alone, and each kind of failure is logged once, at warn.
 */
export class DndCache {
	private readonly cache = new Map<
		string,
		{ state: DoNotDisturb; until: number }
	>();
	private readonly inFlight = new Map<string, Promise<DoNotDisturb | null>>();
	private pending: {
		user: string;
		resolve(s: DoNotDisturb | null): void;
	}[] = [];
	private scheduled = false;
	private pausedUntil = 0;
	private readonly warned = new Set<string>();
	private readonly ttlMs: number;
	private readonly batchSize: number;
	private readonly now: () => number;
	private readonly upcoming: (() => Promise<string[]>) | undefined;

	constructor(
		private readonly lookup: DndLookup,
		private readonly logger: Logger,
		opts: DndCacheOptions = {},
	) {
		this.ttlMs = opts.ttlMs ?? 5 * 60_000;
		this.batchSize = opts.batchSize ?? 50;
		this.now = opts.now ?? Date.now;
		this.upcoming = opts.upcoming;
	}

	/** The user's Do Not Disturb state, or null when it cannot be known now. Never fails. */
	stateOf(user: string): Promise<DoNotDisturb | null> {
		const now = this.now();
		const hit = this.cache.get(user);
		if (hit && hit.until > now) return Promise.resolve(hit.state);
		if (now < this.pausedUntil) return Promise.resolve(null);
		const running = this.inFlight.get(user);
		if (running) return running;
		const p = new Promise<DoNotDisturb | null>((resolve) => {
			this.pending.push({ user, resolve });
			if (this.pending.length >= this.batchSize) this.flush();
			else if (!this.scheduled) {
				this.scheduled = true;
				setImmediate(() => this.flush());
			}
		});
		this.inFlight.set(user, p);
		return p;
	}

	private flush(): void {
		this.scheduled = false;
		const batch = this.pending.splice(0, this.batchSize);
		if (this.pending.length > 0 && !this.scheduled) {
			this.scheduled = true;
			setImmediate(() => this.flush());
		}
		if (batch.length > 0) void this.lookUp(batch);
	}

	/** Users worth looking up with this batch: the next ones due that are neither known nor being looked up. */
	private async topUp(users: Set<string>): Promise<void> {
		if (!this.upcoming || users.size >= this.batchSize) return;
		let next: string[];
		try {
			next = await this.upcoming();
		} catch {
			return;
		}
		const now = this.now();
		for (const user of next) {
			if (users.size >= this.batchSize) break;
			if (users.has(user) || this.inFlight.has(user)) continue;
			if ((this.cache.get(user)?.until ?? 0) > now) continue;
			users.add(user);
		}
	}

	private async lookUp(
		batch: { user: string; resolve(s: DoNotDisturb | null): void }[],
	): Promise<void> {
		const users = new Set(batch.map((b) => b.user));
		await this.topUp(users);
		// Users taken along for later share this lookup with anyone who asks about them meanwhile.
		const extra: typeof batch = [];
		for (const user of users) {
			if (this.inFlight.has(user)) continue;
			this.inFlight.set(
				user,
				new Promise((resolve) => extra.push({ user, resolve })),
			);
		}
		const everyone = [...batch, ...extra];
		const settle = (user: string, state: DoNotDisturb | null) => {
			this.inFlight.delete(user);
			return state;
		};
		try {
			const states = await this.lookup([...users]);
			const until = this.now() + this.ttlMs;
			if (this.cache.size > 100_000) this.forgetExpired();
			for (const b of everyone) {
				const state = states.get(b.user) ?? noDnd;
				this.cache.set(b.user, { state, until });
				b.resolve(settle(b.user, state));
			}
		} catch (err) {
			const reason = err instanceof DndLookupUnavailable ? err.reason : "error";
			const pauseMs =
				err instanceof DndLookupUnavailable ? err.retryAfterMs : 30_000;
			this.pausedUntil = Math.max(this.pausedUntil, this.now() + pauseMs);
			if (!this.warned.has(reason)) {
				this.warned.add(reason);
				this.logger.warn(
					{ code: reason, durationMs: pauseMs },
					"Do Not Disturb unknown: sending without it for now",
				);
			}
			for (const b of everyone) b.resolve(settle(b.user, null));
		}
	}

	private forgetExpired(): void {
		const now = this.now();
		for (const [user, entry] of this.cache)
			if (entry.until <= now) this.cache.delete(user);
	}
}
