import { Redis } from "ioredis";
import { createSlackDeliveryChannel } from "../../src/chat/slack/slack-delivery-channel.js";
import { SlackWebApiPoster } from "../../src/chat/slack/slack-web-api-poster.js";
import type { OutboxStore } from "../../src/domain/deliveries/outbox-store.js";
import { startDeliveryWorker } from "../../src/jobs/delivery-worker.js";
import { createLogger } from "../../src/logger.js";
import { CensusRepository } from "../../src/storage/census-repository.js";
import { OutboxRepository } from "../../src/storage/outbox-repository.js";
import { createDatabase } from "../../src/storage/prisma-client.js";

/**
 * A Slack delivery worker in a process of its own (run with `node --import tsx`), for tests that SIGKILL it while it
 * holds a delivery. It stops at one point of the delivery's life and says so on stdout (`at <point>`):
 * - `before-claim`: its job is active, the delivery still queued;
 * - `after-claim`: claimed (`sending`), nothing posted yet;
 * - `sending`: the post is on its way to Slack (the test's fake holds the answer back);
 * - `after-send`: Slack answered, the delivery not yet marked sent.
 * The stop is a promise that never settles, injected through the outbox and the channel's `post`: no timing.
 * argv[2]: the point. Env: DATABASE_URL, REDIS_URL, PREFIX, SLACK_API_URL, LOCK_MS, STALLED_CHECK_MS.
 */
const point = process.argv[2];
const env = (name: string): string => {
	const v = process.env[name];
	if (!v) throw new Error(`${name} is not set`);
	return v;
};
const never = new Promise<never>(() => undefined);
const stopHere = (at: string): Promise<never> => {
	process.stdout.write(`at ${at}\n`);
	return never;
};

const { prisma, pool } = createDatabase(env("DATABASE_URL"), 2);
const real = new OutboxRepository(pool);
const outbox: OutboxStore = Object.assign(Object.create(real), {
	claim: (id: string) =>
		point === "before-claim" ? stopHere(point) : real.claim(id),
	finish: (...args: Parameters<OutboxStore["finish"]>) =>
		point === "after-send" && args[1] === "sent"
			? stopHere(point)
			: real.finish(...args),
});
const poster = new SlackWebApiPoster("xoxb-kill", env("SLACK_API_URL"));
const connection = new Redis(env("REDIS_URL"), { maxRetriesPerRequest: null });
startDeliveryWorker({
	connection,
	prefix: env("PREFIX"),
	outbox,
	channel: createSlackDeliveryChannel({
		post: (method, json) => {
			if (point === "after-claim") return stopHere(point);
			if (point === "sending") process.stdout.write(`at ${point}\n`);
			return poster.post(method, json);
		},
		store: new CensusRepository(prisma),
	}),
	logger: createLogger("silent"),
	concurrency: 1,
	recovery: {
		lockMs: Number(env("LOCK_MS")),
		stalledCheckMs: Number(env("STALLED_CHECK_MS")),
	},
});
process.stdout.write("ready\n");
