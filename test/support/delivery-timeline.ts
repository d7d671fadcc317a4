import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type pg from "pg";

/** Where a delivery's job stood in Redis at one sample. */
type JobPlace =
	| "wait"
	| "active"
	| "delayed"
	| "prioritized"
	| "failed"
	| "missing";

/** One change seen in a delivery's life: its outbox state and where its job was, at `ms` since the start. */
type Step = {
	ms: number;
	state: string;
	job: JobPlace;
	attempts: number;
	/** Hand-overs by the outbox reconciler so far. */
	requeues: number;
};

/** Something that happened to the whole fan-out (a kill, a SIGTERM, a worker started). */
type Event = { ms: number; what: string };

/** What the queue as a whole was doing at one sample. */
type QueueSample = {
	ms: number;
	pending: number;
	/** How long BullMQ's rate limit (set by `worker.rateLimit` after a 429 or 502/504) still holds. */
	rateLimitMs: number;
	/** How far ahead of now the shared pacer's next free slot is. */
	pacerAheadMs: number;
};

const settled = (state: string) => state !== "queued" && state !== "sending";

/**
 * Watches a chaos fan-out: samples every delivery's outbox state and its BullMQ job's place twice a second, and
 * the queue's rate limit and pacer, so that a delivery that takes long to settle can be told apart by where it
 * waited (a job left active by a killed worker until its lock expired, a job failed as stalled too often, a claim
 * left `sending`, a queued row with no job, the pacer's back-off, a rate-limited queue).
 */
export class DeliveryTimeline {
	private readonly t0 = Date.now();
	private readonly steps = new Map<string, Step[]>();
	private readonly events: Event[] = [];
	private readonly samples: QueueSample[] = [];
	private timer: NodeJS.Timeout | undefined;
	private sampling: Promise<void> | undefined;

	constructor(
		private readonly db: Pick<pg.Pool, "query">,
		private readonly queue: Queue,
		private readonly redis: Redis,
		private readonly keys: { limiter: string; pacerNext: string },
		private readonly jobIdOf: (id: string, generation: number) => string,
	) {}

	/** Milliseconds since the timeline started. */
	now(): number {
		return Date.now() - this.t0;
	}

	start(everyMs = 500): void {
		const tick = () => {
			this.sampling = this.sample()
				.catch(() => undefined)
				.finally(() => {
					if (this.timer) this.timer = setTimeout(tick, everyMs);
				});
		};
		this.timer = setTimeout(tick, 0);
	}

	async stop(): Promise<void> {
		clearTimeout(this.timer);
		this.timer = undefined;
		await this.sampling;
		await this.sample();
	}

	note(what: string): void {
		this.events.push({ ms: this.now(), what });
	}

	private async sample(): Promise<void> {
		const ms = this.now();
		const places = new Map<string, JobPlace>();
		for (const place of [
			"wait",
			"active",
			"delayed",
			"prioritized",
			"failed",
		] as const) {
			const ids = await this.queue.getRanges([place], 0, -1, true);
			for (const id of ids) places.set(id, place);
		}
		const rows = (
			await this.db.query<{
				id: string;
				state: string;
				generation: number;
				attempts: number;
				requeues: number;
			}>(
				"select id::text, state, generation, attempts, requeues from delivery where kind = 'invite'",
			)
		).rows;
		let pending = 0;
		for (const r of rows) {
			if (!settled(r.state)) pending++;
			const job = places.get(this.jobIdOf(r.id, r.generation)) ?? "missing";
			const list = this.steps.get(r.id);
			const last = list?.[list.length - 1];
			if (
				last &&
				last.state === r.state &&
				last.job === job &&
				last.requeues === r.requeues
			)
				continue;
			const step = {
				ms,
				state: r.state,
				job,
				attempts: r.attempts,
				requeues: r.requeues,
			};
			if (list) list.push(step);
			else this.steps.set(r.id, [step]);
		}
		const [limit, next, time] = await Promise.all([
			this.redis.pttl(this.keys.limiter),
			this.redis.get(this.keys.pacerNext),
			this.redis.time(),
		]);
		const redisNow =
			Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000);
		this.samples.push({
			ms,
			pending,
			rateLimitMs: Math.max(0, limit),
			pacerAheadMs: next ? Math.max(0, Math.round(Number(next) - redisNow)) : 0,
		});
	}

	/** When each delivery first reached a settled state (ms since start), or null if it never did. */
	settledAt(): Map<string, number | null> {
		const out = new Map<string, number | null>();
		for (const [id, list] of this.steps)
			out.set(id, list.find((s) => settled(s.state))?.ms ?? null);
		return out;
	}

	/** How many deliveries were not yet settled at `ms`. */
	pendingAt(ms: number): number {
		let n = 0;
		for (const list of this.steps.values()) {
			const at = list.find((s) => settled(s.state))?.ms;
			if (list[0] && list[0].ms <= ms && (at === undefined || at > ms)) n++;
		}
		return n;
	}

	/** The first sample at or after `fromMs` with at most `n` deliveries pending, or null. */
	firstTimePendingAtMost(n: number, fromMs: number): number | null {
		return (
			this.samples.find((q) => q.ms >= fromMs && q.pending <= n)?.ms ?? null
		);
	}

	/**
	 * The longest time after `fromMs` any delivery spent waiting on recovery: claimed with its job not active (the
	 * claimer is gone), queued with its job failed or missing (nothing runs it until the reconciler acts), or with
	 * its job active (a live worker holds a job for a moment, a dead worker's until its lock expires). The recovery
	 * bound says each such wait ends within `settleBoundMs`, whatever the machine's throughput.
	 */
	longestRecoveryWait(fromMs: number): { id: string; ms: number } | null {
		let worst: { id: string; ms: number } | null = null;
		for (const [id, list] of this.steps) {
			for (let i = 0; i < list.length; i++) {
				const s = list[i] as Step;
				if (settled(s.state)) break;
				const until = list[i + 1]?.ms ?? this.now();
				if (until <= fromMs) continue;
				const waiting =
					s.job === "active" ||
					s.state === "sending" ||
					s.job === "failed" ||
					s.job === "missing";
				const ms = waiting ? until - Math.max(s.ms, fromMs) : 0;
				if (!worst || ms > worst.ms) worst = { id: id.slice(0, 8), ms };
			}
		}
		return worst;
	}

	/** The longest gap between two samples: how precisely the steps' times are known. */
	sampleGapMs(): number {
		let gap = 0;
		for (let i = 1; i < this.samples.length; i++)
			gap = Math.max(
				gap,
				(this.samples[i]?.ms ?? 0) - (this.samples[i - 1]?.ms ?? 0),
			);
		return gap;
	}

	/** Where a straggler waited, read from its steps and the queue samples around them. */
	private diagnose(list: Step[]): string {
		const reasons: string[] = [];
		for (let i = 0; i < list.length; i++) {
			const s = list[i] as Step;
			const next = list[i + 1];
			const until = next?.ms ?? this.now();
			const waited = until - s.ms;
			if (waited < 5000) continue;
			const limited = this.samples.filter(
				(q) => q.ms >= s.ms && q.ms < until && q.rateLimitMs > 0,
			).length;
			const paced = this.samples.filter(
				(q) => q.ms >= s.ms && q.ms < until && q.pacerAheadMs > 2000,
			).length;
			const why =
				s.state === "sending" && s.job === "active"
					? "claim left `sending`, job active: waiting for a dead worker's lock to expire (stalled-job check)"
					: s.state === "sending"
						? `claim left \`sending\` with its job ${s.job}: nothing will pick it up`
						: s.job === "active"
							? "queued, job active: a dead worker's job waiting for its lock to expire, or a live one pacing"
							: s.job === "failed"
								? "queued, job failed (stalled more than allowed, or attempts used up): nothing will pick it up"
								: s.job === "missing"
									? "queued, no job in Redis: waiting for the dispatcher to hand it over again"
									: `queued, job ${s.job}${limited ? ", queue rate-limited" : ""}${paced ? ", pacer backed off" : ""}`;
			reasons.push(`${Math.round(waited / 1000)} s: ${why}`);
		}
		return reasons.join("; ") || "no single long wait";
	}

	/** A printable account of the deliveries that settled after `afterMs` or never: their steps and where they waited. */
	stragglers(afterMs: number, max = 30): string[] {
		const out: string[] = [];
		for (const [id, list] of this.steps) {
			const at = list.find((s) => settled(s.state))?.ms ?? null;
			if (at !== null && at <= afterMs) continue;
			if (out.length >= max) {
				out.push("…");
				break;
			}
			const path = list
				.map(
					(s) =>
						`${(s.ms / 1000).toFixed(1)}s ${s.state}/${s.job}${s.attempts ? ` a${s.attempts}` : ""}${s.requeues ? ` r${s.requeues}` : ""}`,
				)
				.join(" → ");
			out.push(
				`${id.slice(0, 8)} ${at === null ? "never settled" : `settled at ${(at / 1000).toFixed(1)}s`}: ${path}\n    waited: ${this.diagnose(list)}`,
			);
		}
		return out;
	}

	/** The kills, stops and starts, and the seconds the queue spent rate-limited and with the pacer backed off. */
	summary(): string {
		const limited = this.samples.filter((q) => q.rateLimitMs > 0).length;
		const paced = this.samples.filter((q) => q.pacerAheadMs > 2000).length;
		const events = this.events
			.map((e) => `${(e.ms / 1000).toFixed(1)}s ${e.what}`)
			.join(", ");
		return `events: ${events}\nsamples rate-limited: ${limited}/${this.samples.length}; pacer > 2 s ahead: ${paced}`;
	}
}
