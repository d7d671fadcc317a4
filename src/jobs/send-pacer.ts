import type { Redis } from "ioredis";

/**
 * Takes the next send slot, shared by every process through Redis (a generic cell rate algorithm): slots are
 * `intervalMs` apart on Redis's own clock, so workers on different machines never crowd the platform. Returns how
 * long the caller must wait for its slot.
 */
const takeSlot = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, tat)
redis.call('SET', KEYS[1], tostring(slot + tonumber(ARGV[1])), 'PX', 60000)
return slot - now
`;

/** Pushes every slot back until the platform's Retry-After has passed. */
const pauseSlots = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
redis.call('SET', KEYS[1], tostring(math.max(tat, now + tonumber(ARGV[1]))), 'PX', 60000)
return 0
`;

/**
 * Paces sends to at most `perSecond` across all workers of one workspace. BullMQ's own limiter counts in fixed
 * windows, which either lets two windows' worth through within one rolling second (and the platform answers 429)
 * or, in small windows, loses a little time per window. Slots here are spaced by the limit stretched by 2%, so any
 * rolling second holds at most the limit even when a request is a few milliseconds late.
 */
export class SendPacer {
	private readonly intervalMs: number;

	constructor(
		private readonly redis: Redis,
		private readonly key: string,
		perSecond: number,
	) {
		this.intervalMs = 1020 / perSecond;
	}

	/** Resolves when this caller's slot has come. */
	async wait(): Promise<void> {
		const ms = Number(
			await this.redis.eval(takeSlot, 1, this.key, this.intervalMs.toFixed(3)),
		);
		if (ms > 0) await new Promise((r) => setTimeout(r, ms));
	}

	/** After a 429: no slot before `retryAfterMs` from now. */
	async pause(retryAfterMs: number): Promise<void> {
		await this.redis.eval(pauseSlots, 1, this.key, String(retryAfterMs));
	}
}
