import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { DeliveryQueue } from "../../src/jobs/delivery-queue.js";
import { sendPacerKey } from "../../src/jobs/delivery-worker.js";
import {
	deliveryQueueName,
	queueNames,
} from "../../src/jobs/job-definitions.js";
import { SendPacer } from "../../src/jobs/send-pacer.js";
import { testRedisPrefix } from "../support/test-database.js";

/** The Redis Cluster hash tag of a key: what is between the first `{` and the next `}`, if not empty. */
function hashTag(key: string): string | null {
	const open = key.indexOf("{");
	if (open < 0) return null;
	const close = key.indexOf("}", open + 1);
	return close > open + 1 ? key.slice(open + 1, close) : null;
}

/**
 * Redis Cluster runs a script only when all its keys hash to one slot. Every queue's keys must share one tag (its
 * own), and the two platforms' delivery queues must not share one, so they can live on different nodes.
 */
describe("Redis keys on a cluster", () => {
	const redis = new Redis("redis://127.0.0.1:6379", {
		maxRetriesPerRequest: null,
	});
	// The deployment's default prefix, with a suffix so this run's keys are its own.
	const prefix = `${loadConfig({}).redisPrefix}-${testRedisPrefix("cluster")}`;
	afterAll(async () => {
		const keys = await redis.keys(`${prefix}:*`);
		if (keys.length > 0) await redis.del(...keys);
		redis.disconnect();
	});

	it("gives every key of a queue that queue's hash tag, and each queue its own", async () => {
		expect(prefix).not.toMatch(/[{}]/);
		const queues = [deliveryQueueName("slack"), deliveryQueueName("teams")];
		for (const name of queues) {
			const q = new DeliveryQueue(redis, prefix, name);
			const due = new Date(Date.now() + 60_000);
			await q.enqueue([
				{
					id: "00000000-0000-4000-8000-000000000001",
					generation: 0,
					notBefore: new Date(),
				},
				{
					id: "00000000-0000-4000-8000-000000000002",
					generation: 0,
					notBefore: due,
				},
			] as never);
			const pacer = new SendPacer(redis, sendPacerKey(prefix, name), 50);
			await pacer.wait();
			await pacer.backOff(1);
			await q.queue.pause();
			await q.queue.close();
		}
		const keys = (await redis.keys(`${prefix}:*`)).sort();
		// The keys a queue uses, shown once (the README names the tags).
		console.info(keys.join("\n"));
		expect(keys.length).toBeGreaterThan(6);
		const tags = new Map<string, string[]>();
		for (const key of keys) {
			const tag = hashTag(key);
			expect(tag, key).not.toBeNull();
			tags.set(tag as string, [...(tags.get(tag as string) ?? []), key]);
		}
		expect([...tags.keys()].sort()).toEqual(
			queues.map((q) => q.slice(1, -1)).sort(),
		);
		for (const [tag, ofTag] of tags) {
			expect(ofTag.some((k) => k.includes(":send-pacer:"))).toBe(true);
			expect(ofTag.some((k) => k.endsWith(":delayed"))).toBe(true);
			expect(ofTag.every((k) => hashTag(k) === tag)).toBe(true);
		}
		expect(Object.values(queueNames).every((n) => /^\{[^{}]+\}$/.test(n))).toBe(
			true,
		);
	});
});
