import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { DeliveryQueue } from "../../src/jobs/delivery-queue.js";
import { deliveryJobId } from "../../src/jobs/job-definitions.js";
import { testRedisPrefix } from "../support/test-database.js";

/** The liveness check over more deliveries than one pipelined round reads. */
describe("DeliveryQueue.withoutLiveJob", () => {
	const redis = new Redis("redis://127.0.0.1:6379", {
		maxRetriesPerRequest: null,
	});
	const queue = new DeliveryQueue(redis, testRedisPrefix("liveness"));

	afterAll(async () => {
		await queue.queue.obliterate({ force: true }).catch(() => undefined);
		await queue.close();
		redis.disconnect();
	});

	it("finds every delivery without a live job, in any round, and only those", async () => {
		const deliveries = Array.from({ length: 1_201 }, () => ({
			id: randomUUID(),
			generation: 1,
			notBefore: new Date(Date.now() + 3_600_000),
		}));
		await queue.enqueue(deliveries);
		// Gone from Redis: the first, one on a round's edge, and the last. Finished: one in the middle round.
		const gone = [0, 499, 500, 1_200].map(
			(i) => deliveries[i] as (typeof deliveries)[0],
		);
		for (const d of gone) await queue.queue.remove(deliveryJobId(d));
		const finished = deliveries[700] as (typeof deliveries)[0];
		await redis.hset(
			queue.queue.toKey(deliveryJobId(finished)),
			"finishedOn",
			String(Date.now()),
		);

		const over = await queue.withoutLiveJob(deliveries);
		expect(over.map((d) => d.id).sort()).toEqual(
			[...gone, finished].map((d) => d.id).sort(),
		);
	});
});
