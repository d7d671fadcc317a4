import type { Redis } from "ioredis";
import { ClockOffset } from "./clock-offset.js";
import { RedisScript } from "./redis-script.js";

/**
 * Takes the next `n` send slots, shared by every process through Redis (a generic cell rate algorithm): slots are
 * `interval` apart on Redis's own clock, so workers on different machines never crowd the platform. The interval
 * starts at the base and, after a 429, creeps back to it by a ten-thousandth of the base per send. Returns how long
 * until the first slot, Redis's time, and the interval (as text: they are fractional).
 */
const takeSlots = new RedisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local base = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local interval = tonumber(redis.call('GET', KEYS[2]) or ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, tat)
redis.call('SET', KEYS[1], tostring(slot + n * interval), 'PX', 60000)
if interval > base then
  redis.call('SET', KEYS[2], tostring(math.max(base, interval - n * base / 10000)), 'PX', 3600000)
end
return {tostring(slot - now), tostring(now), tostring(interval)}
`);

/**
 * After a 429: no slot before Retry-After, and slots 5% further apart (at most twice the base), once per
 * Retry-After. The sends already in flight when the platform's window filled all come back 429 together; each
 * slowing the pace again compounded one overflow into 20-30% (measured: the scale-out fan-out fell to 30/s after
 * such a burst and took a minute to climb back). A 429 while the last one's Retry-After still runs only extends it.
 */
const backOff = new RedisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = tonumber(ARGV[1])
local base = tonumber(ARGV[2])
local pausedUntil = tonumber(redis.call('GET', KEYS[3]) or '0')
if now >= pausedUntil then
  local interval = tonumber(redis.call('GET', KEYS[2]) or ARGV[2])
  redis.call('SET', KEYS[2], tostring(math.min(interval * 1.05, base * 2)), 'PX', 3600000)
end
redis.call('SET', KEYS[3], tostring(math.max(pausedUntil, now + wait)), 'PX', wait + 60000)
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
redis.call('SET', KEYS[1], tostring(math.max(tat, now + wait)), 'PX', 60000)
return 0
`);

/** No slot before ARGV[1] ms from now; the pace is unchanged. */
const pauseOnly = new RedisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
redis.call('SET', KEYS[1], tostring(math.max(tat, now + tonumber(ARGV[1]))), 'PX', 60000)
return 0
`);

/** How late a slot may be taken up before it is given up. */
const defaultLateToleranceMs = 8;

/**
 * Paces sends to at most `perSecond` across all workers of one workspace. BullMQ's own limiter counts in fixed
 * windows, which either lets two windows' worth through within one rolling second (and the platform answers 429)
 * or, in small windows, loses a little time per window. Slots here are spaced by the limit stretched by 2%, so any
 * rolling second holds at most the limit even when a request is a few milliseconds late; a 429 widens the
 * spacing by 5% (once per Retry-After), and it recovers over the following sends. Callers waiting in the same turn of the event loop
 * take their slots in one round trip (consecutive slots, in order), so the pacer costs little at high limits.
 */
export class SendPacer {
	private readonly baseMs: string;
	private pending: { resolve(at: number): void; reject(e: unknown): void }[] =
		[];
	private scheduled = false;
	/** This process's clock minus Redis's: slots are times on Redis's clock. */
	private readonly offset = new ClockOffset();

	constructor(
		private readonly redis: Redis,
		private readonly key: string,
		perSecond: number,
		/**
		 * How late a slot may be taken up before it is given up for a fresh one (default 8 ms). A caller whose
		 * platform counts over a longer window than a send's spacing (Graph's installs) can take late slots.
		 */
		private readonly lateToleranceMs = defaultLateToleranceMs,
	) {
		this.baseMs = (1020 / perSecond).toFixed(4);
	}

	/**
	 * Resolves when this caller's slot has come, or `leadMs` before it, to the slot's time (ms on this process's
	 * clock). A slot this process reached late (a pause in its event loop) is given up for a fresh one: sending
	 * late would crowd the sends of the slots after it. With a lead, the caller does the work that must precede
	 * its send (a claim) meanwhile, and itself waits for the slot before it sends: work slower than the tolerance
	 * then costs no slot.
	 */
	async wait(leadMs = 0): Promise<number> {
		let due = Date.now();
		for (let attempt = 0; attempt < 3; attempt++) {
			due = await this.nextSlot();
			const ms = due - leadMs - Date.now();
			if (ms > 0) await new Promise((r) => setTimeout(r, ms));
			if (Date.now() - due <= this.lateToleranceMs) return due;
		}
		return due;
	}

	/** The time (on this process's clock) of this caller's next slot. */
	private nextSlot(): Promise<number> {
		return new Promise<number>((resolve, reject) => {
			this.pending.push({ resolve, reject });
			if (!this.scheduled) {
				this.scheduled = true;
				setImmediate(() => this.take());
			}
		});
	}

	private take(): void {
		this.scheduled = false;
		const batch = this.pending;
		this.pending = [];
		if (batch.length === 0) return;
		takeSlots
			.run(
				this.redis,
				[`${this.key}:next`, `${this.key}:interval`],
				[this.baseMs, String(batch.length)],
			)
			.then(
				(reply) => {
					const [aheadMs, redisNow, interval] = reply as [
						string,
						string,
						string,
					];
					// Converted with the least delayed reply's offset, not this one's: a reply read late (a pause in
					// this event loop) would move this batch's slots later, onto the next batch's, whether that is
					// another worker's or this one's, and two sends a few milliseconds apart fill the platform's
					// window a second later. Never early: the estimate is never below the true offset.
					const now = Number(redisNow);
					const first =
						now + this.offset.observe(Date.now(), now) + Number(aheadMs);
					const step = Number(interval);
					batch.forEach((w, i) => {
						w.resolve(first + i * step);
					});
				},
				(err: unknown) => {
					for (const w of batch) w.reject(err);
				},
			);
	}

	/** No slot before `ms` from now, at the same pace after (a 429 caused by jitter, not by the pace). */
	async pause(ms: number): Promise<void> {
		await pauseOnly.run(this.redis, [`${this.key}:next`], [String(ms)]);
	}

	/**
	 * After a 429: no slot before `retryAfterMs` from now, and a slower pace for a while; the 429s of sends already
	 * in flight during that wait slow it no further.
	 */
	async backOff(retryAfterMs: number): Promise<void> {
		await backOff.run(
			this.redis,
			[`${this.key}:next`, `${this.key}:interval`, `${this.key}:paused-until`],
			[String(retryAfterMs), this.baseMs],
		);
	}
}
