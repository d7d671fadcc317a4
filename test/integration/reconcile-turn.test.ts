import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryQueue } from "../../src/jobs/delivery-queue.js";
import { startOutboxReconciling } from "../../src/jobs/start-outbox-reconciling.js";
import { Lifecycle } from "../../src/lifecycle.js";
import { createLogger } from "../../src/logger.js";
import {
	createOutboxFixture,
	type OutboxFixture,
} from "../support/outbox-fixture.js";
import { testRedisPrefix } from "../support/test-database.js";

const periodMs = 300;
const recovery = { lockMs: 4000, stalledCheckMs: 2000, reconcileMs: periodMs };

const redis = new Redis("redis://127.0.0.1:6379", {
	maxRetriesPerRequest: null,
});
const prefix = testRedisPrefix("turn");
let fx: OutboxFixture;
let queue: DeliveryQueue;

beforeAll(async () => {
	fx = await createOutboxFixture("turn", 3);
	for (let i = 0; i < 3; i++) await fx.invite(i);
	queue = new DeliveryQueue(redis, prefix);
}, 60_000);

afterAll(async () => {
	await queue?.queue.close();
	await fx?.close();
	const keys = await redis.keys(`${prefix}:*`);
	if (keys.length > 0) await redis.del(...keys);
	redis.disconnect();
});

/** A worker's reconciling on the shared outbox and queue; `passes` counts the passes it made. */
function worker(): { life: Lifecycle; passes: () => number } {
	let passes = 0;
	const outbox = new Proxy(fx.outbox, {
		get(target, prop, receiver) {
			if (prop === "listInFlight")
				return (limit: number) => {
					passes++;
					return target.listInFlight(limit);
				};
			const value = Reflect.get(target, prop, receiver);
			return typeof value === "function" ? value.bind(target) : value;
		},
	});
	const life = new Lifecycle();
	startOutboxReconciling(
		{
			outbox,
			deliveryQueueOf: () => queue,
			logger: createLogger("silent"),
			clock: { now: () => new Date() },
			recovery,
			storage: { connection: redis },
			redisPrefix: prefix,
		},
		life,
	);
	return { life, passes: () => passes };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Every worker process reconciles, but a pass reads up to 20,000 rows from PostgreSQL: one pass per period for the
 * whole deployment, and when the worker that took the turns stops (or dies), another takes them within a period.
 */
describe("the outbox reconciliation's turn", () => {
	it("passes once per period across two workers, and goes on when one stops", async () => {
		const a = worker();
		const b = worker();
		const periods = 8;
		await sleep(periods * periodMs + periodMs / 2);
		const together = a.passes() + b.passes();
		// One worker each period (a turn lasts nine tenths of it): two would pass 16 times.
		expect(together).toBeGreaterThanOrEqual(periods - 2);
		expect(together).toBeLessThanOrEqual(periods + 1);

		// The turn's holder stops without giving it back, as a killed process would.
		const [holder, other] = a.passes() >= b.passes() ? [a, b] : [b, a];
		await holder.life.stop();
		const before = other.passes();
		await sleep(periods * periodMs + periodMs / 2);
		expect(other.passes() - before).toBeGreaterThanOrEqual(periods - 2);
		await other.life.stop();
	}, 30_000);
});
