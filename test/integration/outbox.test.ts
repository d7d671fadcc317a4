import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewDelivery } from "../../src/domain/deliveries/outbox-store.js";
import { asCampaignId, asEmployeeId } from "../../src/domain/ids.js";
import { DeliveryQueue } from "../../src/jobs/delivery-queue.js";
import { deliveryJobId } from "../../src/jobs/job-definitions.js";
import { OutboxDispatcher } from "../../src/jobs/outbox-dispatcher.js";
import { createLogger } from "../../src/logger.js";
import { migrate } from "../../src/storage/migrator.js";
import { OutboxRepository } from "../../src/storage/outbox-repository.js";
import {
	createDatabase,
	type PrismaClient,
} from "../../src/storage/prisma-client.js";
import {
	createTestDatabase,
	type TestDatabase,
	testRedisPrefix,
} from "../support/test-database.js";

/** The outbox on a real PostgreSQL and the dispatcher on a real Redis. */
describe("the delivery outbox", () => {
	let db: TestDatabase;
	let prisma: PrismaClient;
	let outbox: OutboxRepository;
	let redis: Redis;
	let queue: DeliveryQueue;
	let dispatcher: OutboxDispatcher;
	const prefix = testRedisPrefix("outbox");
	const campaignId = asCampaignId(randomUUID());
	const people = Array.from({ length: 40 }, () => asEmployeeId(randomUUID()));
	const row = (
		i: number,
		kind: NewDelivery["kind"] = "invite",
	): NewDelivery => ({
		campaignId,
		kind,
		wave: kind === "invite" ? 0 : 1,
		employeeId: people[i] ?? null,
		recipient: people[i] ?? "",
		notBefore: new Date(),
	});
	const stateOf = async (id: string) =>
		(
			await prisma.$queryRawUnsafe<{ state: string }[]>(
				"select state from delivery where id = $1::uuid",
				id,
			)
		)[0]?.state;

	beforeAll(async () => {
		db = await createTestDatabase("outbox");
		await migrate(db.url);
		const raw = new pg.Client({ connectionString: db.url });
		await raw.connect();
		await raw.query(
			`insert into campaign (id, name, status, questions, channel, target_rate, closes_on, min_cell_size,
			   min_group_headcount, shuffle_size, retention_days, public_key, started_by)
			 values ($1, 'C', 'open', '{key}', '#c', 70, '2099-01-01', 10, 20, 10, 30, '\\x00', 'U1')`,
			[campaignId],
		);
		await raw.query(
			`insert into employee (id, email, department, grade, slack_user_id, updated_at)
			 select e, 'p' || n || '@example.org', 'D', 'G', 'U' || n, now()
			 from unnest($1::uuid[]) with ordinality as t(e, n)`,
			[people],
		);
		await raw.query(
			`insert into invitation (campaign_id, employee_id, report_group)
			 select $1, e, 'D' from unnest($2::uuid[]) as t(e)`,
			[campaignId, people],
		);
		await raw.end();
		const database = createDatabase(db.url, 5);
		prisma = database.prisma;
		outbox = new OutboxRepository(database.pool);
		redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
		queue = new DeliveryQueue(redis, prefix);
		dispatcher = new OutboxDispatcher(
			outbox,
			() => queue,
			redis,
			prefix,
			createLogger("silent"),
			{ now: () => new Date() },
		);
	}, 60_000);

	afterAll(async () => {
		await queue?.queue.obliterate({ force: true }).catch(() => undefined);
		await queue?.close();
		const keys = await redis.keys(`${prefix}:*`);
		if (keys.length > 0) await redis.del(...keys);
		redis?.disconnect();
		await prisma?.$disconnect();
		await db?.drop();
	});

	it("creates each delivery once per campaign, kind, wave and recipient", async () => {
		const first = await outbox.createDeliveries(people.map((_, i) => row(i)));
		const again = await outbox.createDeliveries(people.map((_, i) => row(i)));
		expect(first).toHaveLength(people.length);
		expect(again).toHaveLength(0);
	});

	it("lets exactly one of many concurrent claims win", async () => {
		const [d] = await outbox.listQueued({ all: true, limit: 1 });
		if (!d) throw new Error("nothing queued");
		const results = await Promise.all(
			Array.from({ length: 8 }, () => outbox.claim(d.id)),
		);
		expect(results.filter((r) => r.outcome === "claimed")).toHaveLength(1);
		// A claim still "sending" found again (its worker died mid-send) becomes unknown, never resent.
		expect((await outbox.claim(d.id)).outcome).toBe("interrupted");
		expect(await stateOf(d.id)).toBe("unknown");
		// The original send completing after all still counts as sent, and marks the person invited.
		await outbox.finish(d.id, "sent", "D1:123.456");
		expect(await stateOf(d.id)).toBe("sent");
		const inv = await prisma.$queryRawUnsafe<
			{ status: string; message_ts: string }[]
		>(
			`select i.status, i.message_ts from invitation i join delivery d on d.employee_id = i.employee_id
			 where d.id = $1::uuid`,
			d.id,
		);
		expect(inv[0]).toEqual({ status: "invited", message_ts: "123.456" });
	});

	it("looks at a delivery with what its claim reads: the person's participation and the campaign's status", async () => {
		const [queued] = await outbox.listQueued({ all: true, limit: 1 });
		const [sent] = await prisma.$queryRawUnsafe<{ id: string }[]>(
			"select id::text from delivery where state = 'sent' limit 1",
		);
		if (!queued || !sent) throw new Error("no queued or sent delivery");
		expect(await outbox.peek(queued.id)).toMatchObject({
			state: "queued",
			participation: "pending",
			campaignStatus: "open",
		});
		expect(await outbox.peek(sent.id)).toMatchObject({
			state: "sent",
			participation: "invited",
			campaignStatus: "open",
		});
	});

	it("requeues unknown deliveries only on request, with a new job id", async () => {
		const [d] = await outbox.listQueued({ all: true, limit: 1 });
		if (!d) throw new Error("nothing queued");
		expect((await outbox.claim(d.id)).outcome).toBe("claimed");
		await outbox.finish(d.id, "unknown");
		const requeued = await outbox.requeueUnknown(campaignId);
		expect(requeued.map((r) => r.id)).toContain(d.id);
		const again = requeued.find((r) => r.id === d.id);
		expect(again && deliveryJobId(again)).not.toBe(deliveryJobId(d));
	});

	it("hands every queued row to the queue once, and again after Redis lost its data", async () => {
		const queued = (await outbox.listQueued({ all: true, limit: 1000 })).length;
		expect(await dispatcher.sweep()).toBe(queued);
		expect(await dispatcher.pump()).toBe(0);
		const jobs = async () => (await queue.counts()).waiting ?? 0;
		expect(await jobs()).toBe(queued);
		// Redis restarted empty: the marker is gone, so the next sweep rebuilds the queue from PostgreSQL.
		await queue.queue.obliterate({ force: true });
		await redis.del(`${prefix}:census:outbox-marker`);
		expect(await jobs()).toBe(0);
		expect(await dispatcher.sweep()).toBe(queued);
		expect(await jobs()).toBe(queued);
		// Sweeping again adds nothing: job ids are the delivery ids.
		await redis.del(`${prefix}:census:outbox-marker`);
		await dispatcher.sweep();
		expect(await jobs()).toBe(queued);
	});

	it("lists unsettled deliveries in keyset pages: each once, the longest due first, ties in id order", async () => {
		const inFlight = await outbox.listInFlight(1000);
		expect(inFlight.length).toBeGreaterThan(10);
		// Half of them due at the same instant: pages must split a tie without losing or repeating a row.
		const tied = inFlight.filter((_, i) => i % 2 === 0).map((d) => d.id);
		await prisma.$executeRawUnsafe(
			"update delivery set not_before = '2026-01-01T00:00:00.123456Z' where id = any($1::uuid[])",
			tied,
		);
		const paged: string[] = [];
		let after: string | undefined;
		for (;;) {
			const page = await outbox.listInFlight(3, after);
			paged.push(...page.map((d) => d.id));
			if (page.length < 3) break;
			after = page.at(-1)?.id;
		}
		const all = (await outbox.listInFlight(1000)).map((d) => d.id);
		expect(paged).toEqual(all);
		expect(new Set(paged).size).toBe(inFlight.length);
		expect(all.slice(0, tied.length)).toEqual([...tied].sort());
	});
});
