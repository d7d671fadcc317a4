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
	 * Users likely to be asked about soon (the next deliveries in the queue), looked up ahead of their turn in
	 * batches: at a workspace's slow pace one call then serves about 50 sends, and at full speed sends seldom wait
	 * for a lookup.
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
 * Do Not Disturb states by user, looked up in batches of up to 50: ahead of time for the next users due
 * (`upcoming`), and otherwise for the users asked about in the same turn of the event loop (the deliveries the
 * worker handles concurrently). Answers are kept for a while. Do Not Disturb is a courtesy, never a reason not to send: when Slack will not say (rate
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
	/** Users looked up ahead of their turn and not asked about yet, with when that answer expires. */
	private readonly prefetched = new Map<string, number>();
	private prefetching = false;
	private asks = 0;
	private lastPrefetchAsk = Number.NEGATIVE_INFINITY;

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
		this.asks++;
		this.prefetched.delete(user);
		this.maybePrefetch();
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

	/**
	 * Looks up the next users due ahead of their turn, in the background, when fewer than half a batch of those
	 * looked up ahead are still unasked; at most once per half a batch of questions, so that a queue whose next
	 * users are all known costs little.
	 */
	private maybePrefetch(): void {
		if (!this.upcoming || this.prefetching) return;
		if (this.asks - this.lastPrefetchAsk < this.batchSize / 2) return;
		const now = this.now();
		if (now < this.pausedUntil) return;
		for (const [user, until] of this.prefetched)
			if (until <= now) this.prefetched.delete(user);
		if (this.prefetched.size >= this.batchSize / 2) return;
		this.prefetching = true;
		this.lastPrefetchAsk = this.asks;
		void this.prefetch(this.upcoming).finally(() => {
			this.prefetching = false;
		});
	}

	private async prefetch(upcoming: () => Promise<string[]>): Promise<void> {
		let next: string[];
		try {
			next = await upcoming();
		} catch {
			return;
		}
		const now = this.now();
		const users = new Set<string>();
		for (const user of next) {
			if (users.size >= this.batchSize) break;
			if (this.inFlight.has(user)) continue;
			if ((this.cache.get(user)?.until ?? 0) > now) continue;
			users.add(user);
		}
		if (users.size === 0) return;
		// Anyone asking about these users meanwhile shares this lookup.
		const batch: { user: string; resolve(s: DoNotDisturb | null): void }[] = [];
		for (const user of users)
			this.inFlight.set(
				user,
				new Promise((resolve) => batch.push({ user, resolve })),
			);
		for (const user of users) this.prefetched.set(user, now + this.ttlMs);
		await this.lookUp(batch);
	}

	private async lookUp(
		batch: { user: string; resolve(s: DoNotDisturb | null): void }[],
	): Promise<void> {
		const settle = (user: string, state: DoNotDisturb | null) => {
			this.inFlight.delete(user);
			return state;
		};
		try {
			const states = await this.lookup(batch.map((b) => b.user));
			const until = this.now() + this.ttlMs;
			if (this.cache.size > 100_000) this.forgetExpired();
			for (const b of batch) {
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
			for (const b of batch) b.resolve(settle(b.user, null));
		}
	}

	private forgetExpired(): void {
		const now = this.now();
		for (const [user, entry] of this.cache)
			if (entry.until <= now) this.cache.delete(user);
	}
}
