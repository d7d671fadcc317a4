import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisScript } from "../../src/jobs/redis-script.js";
import { SendPacer } from "../../src/jobs/send-pacer.js";
import { testRedisPrefix } from "../support/test-database.js";

let redis: Redis;
const prefix = testRedisPrefix("pacer");

beforeAll(() => {
	redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
});
afterAll(async () => {
	const keys = await redis.keys(`${prefix}*`);
	if (keys.length > 0) await redis.del(...keys);
	redis.disconnect();
});

/** When each of `n` callers got its slot, relative to the first. */
async function slotsOf(pacers: SendPacer[], n: number): Promise<number[]> {
	const at: number[] = [];
	await Promise.all(
		Array.from({ length: n }, (_, i) =>
			(pacers[i % pacers.length] as SendPacer).wait().then(() => {
				at.push(performance.now());
			}),
		),
	);
	at.sort((a, b) => a - b);
	return at.map((t) => t - (at[0] as number));
}

describe("SendPacer", () => {
	it("spaces callers who ask together, in one process or several, by the limit plus 2%", async () => {
		const key = `${prefix}:a`;
		// Two pacers on two connections: two worker processes of one workspace.
		const other = redis.duplicate();
		try {
			const pacers = [
				new SendPacer(redis, key, 50),
				new SendPacer(other, key, 50),
			];
			const at = await slotsOf(pacers, 40);
			// 40 slots 20.4 ms apart: the last is 39 intervals after the first.
			expect(at.at(-1)).toBeGreaterThanOrEqual(39 * 20.4 - 10);
			// No rolling second holds more than the limit.
			for (let i = 0; i + 50 < at.length; i++)
				expect((at[i + 50] as number) - (at[i] as number)).toBeGreaterThan(
					1000,
				);
			for (let i = 0; i + 10 < at.length; i++)
				expect((at[i + 10] as number) - (at[i] as number)).toBeGreaterThan(
					10 * 20.4 - 15,
				);
		} finally {
			other.disconnect();
		}
	});

	it("answers a caller ahead of its slot by the lead it asks for, with the slot's time", async () => {
		const pacer = new SendPacer(redis, `${prefix}:lead`, 5);
		await pacer.wait();
		// The next slot is 204 ms after the first: answered up to 200 ms before it, never after it.
		const slot = await pacer.wait(200);
		const ahead = slot - Date.now();
		expect(ahead).toBeGreaterThan(0);
		expect(ahead).toBeLessThanOrEqual(200);
	});

	it("keeps a batch's slots where Redis put them when its reply is read late", async () => {
		const pacer = new SendPacer(redis, `${prefix}:late-reply`, 5);
		const first = await pacer.wait();
		const next = pacer.wait();
		// The request is on its way (the pacer sends it on the next turn); this event loop then stalls for 80 ms,
		// so the reply is read 80 ms late, as in a busy worker.
		await new Promise((r) => setImmediate(r));
		const stalledUntil = Date.now() + 80;
		while (Date.now() < stalledUntil);
		const second = await next;
		// 204 ms apart on Redis's clock: converted from the reply's arrival, it would be about 80 ms later.
		expect(second - first).toBeGreaterThanOrEqual(203);
		expect(second - first).toBeLessThan(215);
	});

	it("gives out no slot before a 429's Retry-After, then paces more slowly", async () => {
		const key = `${prefix}:b`;
		const pacer = new SendPacer(redis, key, 100);
		await pacer.wait();
		await pacer.backOff(300);
		const t0 = performance.now();
		await pacer.wait();
		expect(performance.now() - t0).toBeGreaterThanOrEqual(280);
		expect(Number(await redis.get(`${key}:interval`))).toBeCloseTo(
			10.2 * 1.05,
			2,
		);
	});

	it("slows the pace once for the 429s of one overflow, and again for a 429 after its Retry-After", async () => {
		const key = `${prefix}:burst`;
		const pacer = new SendPacer(redis, key, 100);
		const interval = async () => Number(await redis.get(`${key}:interval`));
		await pacer.wait();
		// The sends in flight when the window filled: their 429s arrive together.
		await Promise.all([1, 2, 3, 4, 5].map(() => pacer.backOff(150)));
		expect(await interval()).toBeCloseTo(10.2 * 1.05, 2);
		await new Promise((r) => setTimeout(r, 200));
		await pacer.backOff(150);
		expect(await interval()).toBeCloseTo(10.2 * 1.05 * 1.05, 2);
	});

	it("runs a script Redis has not seen yet (NOSCRIPT), then by its SHA", async () => {
		const script = new RedisScript(
			`return ARGV[1] .. '${randomUUID()}' .. KEYS[1]`,
		);
		const first = await script.run(redis, [`${prefix}:k`], ["x"]);
		expect(await script.run(redis, [`${prefix}:k`], ["x"])).toBe(first);
	});
});
