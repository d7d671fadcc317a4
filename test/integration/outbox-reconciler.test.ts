import { UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryQueue } from "../../src/jobs/delivery-queue.js";
import { deliveryJobId, queueNames } from "../../src/jobs/job-definitions.js";
import { OutboxReconciler } from "../../src/jobs/outbox-reconciler.js";
import { createLogger } from "../../src/logger.js";
import {
	createOutboxFixture,
	type OutboxFixture,
} from "../support/outbox-fixture.js";
import { testRedisPrefix } from "../support/test-database.js";

/**
 * The outbox reconciler on a real PostgreSQL and Redis: each unsettled delivery is checked against its job, and
 * only those whose job is over or gone are acted on.
 */
describe("the outbox reconciler", () => {
	let fx: OutboxFixture;
	const redis = new Redis("redis://127.0.0.1:6379", {
		maxRetriesPerRequest: null,
	});
	const prefix = testRedisPrefix("reconciler");
	const queue = new DeliveryQueue(redis, prefix);
	// Pages of two: the deliveries of a test fall on several pages.
	const reconciler = () =>
		new OutboxReconciler(
			fx.outbox,
			() => queue,
			createLogger("silent"),
			{ now: () => new Date() },
			{ pageSize: 2 },
		);
	const placeOf = async (d: { id: string; generation: number }) =>
		(await queue.queue.getJob(deliveryJobId(d)))?.getState() ?? "missing";

	/** Runs the queue's jobs through `process` until `n` of them have finished, then stops. */
	async function work(
		n: number,
		process: (deliveryId: string) => Promise<void>,
	): Promise<void> {
		let left = n;
		let done: () => void = () => undefined;
		const finished = new Promise<void>((r) => {
			done = r;
		});
		const worker = new Worker(
			queueNames.deliveries,
			async (job) => process(String(job.data.deliveryId)),
			{ connection: redis.duplicate(), prefix, concurrency: n },
		);
		const count = () => {
			left--;
			if (left === 0) done();
		};
		worker.on("completed", count);
		worker.on("failed", count);
		await finished;
		await worker.close();
	}

	beforeAll(async () => {
		fx = await createOutboxFixture("reconciler", 6);
	}, 60_000);

	afterAll(async () => {
		await queue.queue.obliterate({ force: true }).catch(() => undefined);
		await queue.close();
		redis.disconnect();
		await fx?.close();
	});

	it("hands over queued deliveries whose job failed or vanished, marks cut-off claims unknown, leaves live ones alone", async () => {
		const [failedQueued, failedClaimed, vanished, waiting, vanishedClaimed] =
			await Promise.all([0, 1, 2, 3, 4].map((i) => fx.invite(i)));
		const all = [
			failedQueued,
			failedClaimed,
			vanished,
			waiting,
			vanishedClaimed,
		].map((d) => {
			if (!d) throw new Error("not created");
			return d;
		});
		const [q, c, v, w, vc] = all as [
			(typeof all)[0],
			(typeof all)[0],
			(typeof all)[0],
			(typeof all)[0],
			(typeof all)[0],
		];
		await queue.enqueue([q, c, v, vc]);
		await fx.outbox.markEnqueued([q, c, v, vc].map((d) => d.id));
		// Two jobs fail for good: one before its claim (the row stays queued), one after it (the row stays
		// sending), as when BullMQ fails a job that stalled too often. Two jobs vanish from Redis, one of a claim.
		await work(4, async (id) => {
			if (id === c.id || id === vc.id) await fx.outbox.claim(id);
			if (id === q.id || id === c.id)
				throw new UnrecoverableError("job stalled more than allowable limit");
			throw new UnrecoverableError("kept");
		});
		expect(await placeOf(q)).toBe("failed");
		expect(await placeOf(c)).toBe("failed");
		await queue.queue.remove(deliveryJobId(v));
		await queue.queue.remove(deliveryJobId(vc));
		// One waits in the queue as it should.
		await queue.enqueue([w]);
		await fx.outbox.markEnqueued([w.id]);

		expect(await reconciler().reconcile()).toEqual({
			requeued: 2,
			abandoned: 2,
			givenUp: 0,
			leftToOthers: 0,
		});
		expect(await fx.stateOf(q.id)).toBe("queued");
		expect(await placeOf(q)).toBe("waiting");
		expect(await placeOf(v)).toBe("waiting");
		expect(await fx.stateOf(c.id)).toBe("unknown");
		expect(await fx.stateOf(vc.id)).toBe("unknown");
		expect(await placeOf(w)).toBe("waiting");
		// Nothing left to do: a second pass finds every unsettled delivery with a live job.
		expect(await reconciler().reconcile()).toEqual({
			requeued: 0,
			abandoned: 0,
			givenUp: 0,
			leftToOthers: 0,
		});
	});

	it("leaves a delivery not yet handed over to the dispatcher, and a claim whose job is active", async () => {
		const d = await fx.invite(5);
		// Not handed over yet (the dispatcher's to do): no job, and none added.
		expect(await reconciler().reconcile()).toEqual({
			requeued: 0,
			abandoned: 0,
			givenUp: 0,
			leftToOthers: 0,
		});
		expect(await placeOf(d)).toBe("missing");
		await queue.enqueue([d]);
		await fx.outbox.markEnqueued([d.id]);
		let release: () => void = () => undefined;
		const held = new Promise<void>((r) => {
			release = r;
		});
		let claimed: () => void = () => undefined;
		const isClaimed = new Promise<void>((r) => {
			claimed = r;
		});
		const worker = new Worker(
			queueNames.deliveries,
			async (job) => {
				const id = String(job.data.deliveryId);
				await fx.outbox.claim(id);
				if (id === d.id) claimed();
				await held;
			},
			{ connection: redis.duplicate(), prefix, concurrency: 10 },
		);
		await isClaimed;
		expect(await placeOf(d)).toBe("active");
		expect(await reconciler().reconcile()).toEqual({
			requeued: 0,
			abandoned: 0,
			givenUp: 0,
			leftToOthers: 0,
		});
		expect(await fx.stateOf(d.id)).toBe("sending");
		release();
		await worker.close();
	});
});
