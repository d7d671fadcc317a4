import { type ChildProcess, spawn } from "node:child_process";
import type { Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackDeliveryChannel } from "../../src/chat/slack/slack-delivery-channel.js";
import { SlackWebApiPoster } from "../../src/chat/slack/slack-web-api-poster.js";
import { DeliveryQueue } from "../../src/jobs/delivery-queue.js";
import { startDeliveryWorker } from "../../src/jobs/delivery-worker.js";
import { OutboxReconciler } from "../../src/jobs/outbox-reconciler.js";
import {
	type RecoveryTimings,
	settleBoundMs,
} from "../../src/jobs/recovery-timings.js";
import { createLogger } from "../../src/logger.js";
import { FakeSlackApi } from "../../src/sim/fake-slack-api.js";
import { CensusRepository } from "../../src/storage/census-repository.js";
import {
	createOutboxFixture,
	type OutboxFixture,
} from "../support/outbox-fixture.js";
import { testRedisPrefix } from "../support/test-database.js";

/**
 * Bounded settling, shown on real processes: a worker (a child process) is SIGKILLed while it holds a delivery at
 * each point of its life, and a live worker with the outbox reconciler settles it within `settleBoundMs` of the
 * kill: sent if nothing had been claimed, `unknown` otherwise (it may have arrived), and never sent twice. The
 * stops are deterministic (a promise that never settles, injected into the child's outbox and channel; the fake
 * Slack holds the answer of a send in flight). Timings are scaled down; the bound is computed from them.
 *
 * "twice": a second worker picks the job up after the first is killed and is killed too, before its claim. BullMQ
 * then fails the job ("stalled more than allowable limit"), and only the reconciler can settle the delivery.
 */
const timings: RecoveryTimings = {
	lockMs: 4000,
	stalledCheckMs: 2000,
	reconcileMs: 2000,
};
/**
 * The recovering worker's own work once the job is back (its start, a claim, a post): milliseconds on a quiet
 * machine, seconds on one shared by several test suites.
 */
const processingMs = 5000;

const points = [
	"before-claim",
	"after-claim",
	"sending",
	"after-send",
] as const;
type Point = (typeof points)[number];
const expected: Record<Point, { state: string; messages: number }> = {
	"before-claim": { state: "sent", messages: 1 },
	"after-claim": { state: "unknown", messages: 0 },
	sending: { state: "unknown", messages: 1 },
	"after-send": { state: "unknown", messages: 1 },
};

let fake: FakeSlackApi;
const redis = new Redis("redis://127.0.0.1:6379", {
	maxRetriesPerRequest: null,
});
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
	fake = await FakeSlackApi.start({ botToken: "xoxb-kill" });
}, 60_000);

afterAll(async () => {
	for (const c of cleanups.reverse()) await c().catch(() => undefined);
	fake?.releaseHeldAnswers();
	await fake?.close();
	redis.disconnect();
});

/** Starts the doomed worker and resolves once it says it stopped at `point`. */
async function doomedWorker(
	fx: OutboxFixture,
	point: Point,
	prefix: string,
): Promise<ChildProcess> {
	const child = spawn(
		process.execPath,
		["--import", "tsx", "test/support/delivery-worker-child.ts", point],
		{
			env: {
				PATH: process.env.PATH ?? "",
				DATABASE_URL: fx.db.url,
				REDIS_URL: "redis://127.0.0.1:6379",
				PREFIX: prefix,
				SLACK_API_URL: fake.apiUrl,
				LOCK_MS: String(timings.lockMs),
				STALLED_CHECK_MS: String(timings.stalledCheckMs),
			},
			stdio: ["ignore", "pipe", "pipe"],
		},
	);
	cleanups.push(async () => child.kill("SIGKILL"));
	let out = "";
	child.stderr?.on("data", (b: Buffer) => {
		out += b.toString();
	});
	await new Promise<void>((resolve, reject) => {
		child.stdout?.on("data", (b: Buffer) => {
			out += b.toString();
			if (out.includes(`at ${point}\n`)) resolve();
		});
		child.once("exit", () => reject(new Error(`worker exited:\n${out}`)));
	});
	return child;
}

async function kill(child: ChildProcess): Promise<void> {
	const exited = new Promise((r) => child.once("exit", r));
	child.kill("SIGKILL");
	await exited;
}

describe.concurrent("a worker killed holding a delivery", () => {
	for (const twice of [false, true])
		for (const [i, point] of points.entries())
			it(`${point}${twice ? ", then a second worker killed before its claim" : ""}: settles within the bound, never sent twice`, async () => {
				// A database of its own: the reconciler looks at every unsettled delivery in it.
				const fx = await createOutboxFixture("settling", 1);
				cleanups.push(() => fx.close());
				const person = {
					...(fx.people[0] as OutboxFixture["people"][number]),
					// One fake Slack for all: a user of its own.
					slackUserId: `U${i}${twice ? "T" : "O"}`,
				};
				await fx.pool.query("update employee set slack_user_id = $1", [
					person.slackUserId,
				]);
				const prefix = testRedisPrefix("settling");
				const queue = new DeliveryQueue(redis, prefix);
				cleanups.push(async () => {
					await queue.queue.obliterate({ force: true });
					await queue.close();
				});
				const d = await fx.invite(0);
				await queue.enqueue([d]);
				await fx.outbox.markEnqueued([d.id]);
				const store = new CensusRepository(fx.prisma);
				await store.findCampaign(fx.campaignId);
				if (point === "sending") fake.holdAnswersForDmsTo(person.slackUserId);

				let doomed = await doomedWorker(fx, point, prefix);
				if (point === "sending")
					while (fake.messagesTo(person.slackUserId).length === 0)
						await new Promise((r) => setTimeout(r, 20));
				await kill(doomed);
				if (twice) {
					doomed = await doomedWorker(fx, "before-claim", prefix);
					await kill(doomed);
				}
				const killedAt = Date.now();

				// A live worker of the same queue, and the reconciler, as every worker process runs them.
				const poster = new SlackWebApiPoster("xoxb-kill", fake.apiUrl);
				const worker: Worker = startDeliveryWorker({
					connection: redis.duplicate(),
					prefix,
					outbox: fx.outbox,
					channel: createSlackDeliveryChannel({
						post: (method, json) => poster.post(method, json),
						store,
					}),
					logger: createLogger("silent"),
					concurrency: 1,
					recovery: timings,
				});
				const reconciler = new OutboxReconciler(
					fx.outbox,
					() => queue,
					createLogger("silent"),
					{ now: () => new Date() },
				);
				const reconcile = setInterval(
					() => void reconciler.reconcile().catch(() => undefined),
					timings.reconcileMs,
				);
				cleanups.push(async () => {
					clearInterval(reconcile);
					await worker.close(true);
					poster.close();
				});

				let state = await fx.stateOf(d.id);
				while (
					(state === "queued" || state === "sending") &&
					Date.now() - killedAt < 60_000
				) {
					await new Promise((r) => setTimeout(r, 50));
					state = await fx.stateOf(d.id);
				}
				const settledMs = Date.now() - killedAt;
				// A little longer, to see that nothing is sent again.
				await new Promise((r) => setTimeout(r, 2 * timings.reconcileMs));
				console.info(
					`${point}${twice ? " (twice)" : ""}: ${state} after ${settledMs} ms (bound ${settleBoundMs(timings)} ms)`,
				);
				expect(state).toBe(expected[point].state);
				expect(await fx.stateOf(d.id)).toBe(expected[point].state);
				expect(fake.messagesTo(person.slackUserId)).toHaveLength(
					expected[point].messages,
				);
				expect(settledMs).toBeLessThanOrEqual(
					settleBoundMs(timings) + processingMs,
				);
			}, 180_000);
});
