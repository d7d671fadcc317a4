import { UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueuedDelivery } from "../../src/domain/deliveries/outbox-store.js";
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
 * The reconciler with several workers, on a real PostgreSQL and Redis: one acts on a queue at a time (its lease),
 * a lease left by a killed holder passes on when it expires, and a delivery whose job keeps ending without
 * settling it is given up as `unknown` after `maxRequeues` hand-overs.
 */
describe("the outbox reconciler with several workers", () => {
	let fx: OutboxFixture;
	const redis = new Redis("redis://127.0.0.1:6379", {
		maxRetriesPerRequest: null,
	});
	const prefix = testRedisPrefix("reconciler-lease");
	const queue = new DeliveryQueue(redis, prefix);
	const clock = { now: () => new Date() };
	const logs: { msg: string; jobId?: string; count?: number }[] = [];
	const logger = createLogger("info", {
		write: (line: string) => void logs.push(JSON.parse(line)),
	});

	const requeuesOf = async (ids: string[]) =>
		(
			await fx.pool.query<{ requeues: number; given_up: boolean }>(
				"select requeues, given_up from delivery where id = any($1::uuid[]) order by id",
				[ids],
			)
		).rows;

	/** Writes `n` invitations whose jobs are gone from Redis (handed over, then lost): all stuck. */
	async function stuck(from: number, n: number): Promise<QueuedDelivery[]> {
		const ds = await Promise.all(
			Array.from({ length: n }, (_, i) => fx.invite(from + i)),
		);
		await fx.outbox.markEnqueued(ds.map((d) => d.id));
		return ds;
	}

	/** Runs the queue's waiting jobs once, each ending for good without touching its delivery (as a crash loop). */
	async function failAll(n: number): Promise<void> {
		let left = n;
		let done: () => void = () => undefined;
		const finished = new Promise<void>((r) => {
			done = r;
		});
		const worker = new Worker(
			queueNames.deliveries,
			async () => {
				throw new UnrecoverableError("job stalled more than allowable limit");
			},
			{ connection: redis.duplicate(), prefix, concurrency: n },
		);
		worker.on("failed", () => {
			left--;
			if (left === 0) done();
		});
		await finished;
		await worker.close();
	}

	beforeAll(async () => {
		fx = await createOutboxFixture("reconciler-lease", 12);
	}, 60_000);

	afterAll(async () => {
		await queue.queue.obliterate({ force: true }).catch(() => undefined);
		await queue.close();
		redis.disconnect();
		await fx?.close();
	});

	it("two reconcilers at once on the same stuck deliveries: one acts, each is handed over once", async () => {
		const ds = await stuck(0, 4);
		const ids = ds.map((d) => d.id);
		// Both list the same deliveries before either acts: each waits here until the other has listed too.
		let arrived = 0;
		let bothListed: () => void = () => undefined;
		const barrier = new Promise<void>((r) => {
			bothListed = r;
		});
		const together = {
			...fx.outbox,
			listInFlight: async (limit: number) => {
				const rows = await fx.outbox.listInFlight(limit);
				arrived++;
				if (arrived === 2) bothListed();
				await barrier;
				return rows;
			},
			abandonClaims: (x: string[]) => fx.outbox.abandonClaims(x),
			countRequeues: (x: string[], max: number) =>
				fx.outbox.countRequeues(x, max),
		};
		const two = [0, 1].map(
			() => new OutboxReconciler(together, () => queue, logger, clock),
		);
		const [a, b] = await Promise.all(two.map((r) => r.reconcile()));
		if (!a || !b) throw new Error("no result");
		expect(a.requeued + b.requeued).toBe(4);
		expect(await requeuesOf(ids)).toEqual(
			ids.map(() => ({ requeues: 1, given_up: false })),
		);
		const jobs = await Promise.all(
			ds.map((d) => queue.queue.getJob(deliveryJobId(d))),
		);
		expect(jobs.every((j) => j !== undefined)).toBe(true);
		expect(await queue.queue.getWaitingCount()).toBe(4);
		await queue.queue.obliterate({ force: true });
		await fx.pool.query(
			"update delivery set state = 'sent' where id = any($1::uuid[])",
			[ids],
		);
	});

	it("a lease left by a killed holder passes to another reconciler when it expires", async () => {
		const ds = await stuck(4, 2);
		const ttlMs = 1500;
		// The holder took the lease and was killed: nobody gives it back.
		const dead = queue.reconcilerLease("a-killed-worker", ttlMs);
		expect(await dead.take()).toBe(true);
		const takenAt = Date.now();
		const live = new OutboxReconciler(fx.outbox, () => queue, logger, clock, {
			leaseMs: ttlMs,
		});
		expect(await live.reconcile()).toMatchObject({
			requeued: 0,
			leftToOthers: 1,
		});
		let result = await live.reconcile();
		while (result.requeued === 0 && Date.now() - takenAt < 10_000) {
			await new Promise((r) => setTimeout(r, 100));
			result = await live.reconcile();
		}
		const passedAfterMs = Date.now() - takenAt;
		expect(result).toMatchObject({ requeued: 2, leftToOthers: 0 });
		expect(passedAfterMs).toBeGreaterThanOrEqual(ttlMs - 50);
		expect(passedAfterMs).toBeLessThan(ttlMs + 2000);
		// Given back at the end of the pass: free for anyone at once.
		expect(await queue.reconcilerLease("another", ttlMs).take()).toBe(true);
		await queue.queue.obliterate({ force: true });
		await fx.pool.query(
			"update delivery set state = 'sent' where id = any($1::uuid[])",
			[ds.map((d) => d.id)],
		);
		await redis.del(`${prefix}:census:reconciler-lease:${queue.queue.name}`);
	});

	it("gives a delivery up as unknown after maxRequeues hand-overs, logs it, counts it; resend-unknown starts afresh", async () => {
		const [d] = await stuck(6, 1);
		if (!d) throw new Error("not created");
		const reconciler = new OutboxReconciler(
			fx.outbox,
			() => queue,
			logger,
			clock,
			{ maxRequeues: 2 },
		);
		for (let i = 1; i <= 2; i++) {
			expect(await reconciler.reconcile()).toMatchObject({
				requeued: 1,
				givenUp: 0,
			});
			expect(await requeuesOf([d.id])).toEqual([
				{ requeues: i, given_up: false },
			]);
			// Its job ends again without settling it (a worker that stops on it every time).
			await failAll(1);
		}
		expect(await reconciler.reconcile()).toMatchObject({
			requeued: 0,
			givenUp: 1,
		});
		expect(await fx.stateOf(d.id)).toBe("unknown");
		expect(await fx.outbox.countGivenUp(fx.campaignId)).toBe(1);
		expect(
			logs.filter((l) => l.msg.startsWith("delivery given up as unknown")),
		).toEqual([expect.objectContaining({ jobId: deliveryJobId(d), count: 2 })]);
		// Settled: nothing more to do, and never handed over again on its own.
		expect(await reconciler.reconcile()).toMatchObject({
			requeued: 0,
			givenUp: 0,
		});
		expect(await queue.queue.getWaitingCount()).toBe(0);
		// An admin's resend gives it a new generation and a fresh count.
		const resent = await fx.outbox.requeueUnknown(fx.campaignId);
		expect(resent.map((r) => r.id)).toEqual([d.id]);
		expect(await requeuesOf([d.id])).toEqual([
			{ requeues: 0, given_up: false },
		]);
		expect(await fx.outbox.countGivenUp(fx.campaignId)).toBe(0);
	});
});
