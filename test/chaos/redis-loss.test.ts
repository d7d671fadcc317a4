import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { connect, createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateOrganisation } from "../../src/demo/synthetic-organisation.js";
import { CensusService } from "../../src/domain/campaigns/census-service.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { FakeSlackApi } from "../../src/sim/fake-slack-api.js";
import { CensusRepository } from "../../src/storage/census-repository.js";
import { migrate } from "../../src/storage/migrator.js";
import { createPrismaClient } from "../../src/storage/prisma-client.js";
import { AppProcess } from "../support/app-process.js";
import { createTestDatabase } from "../support/test-database.js";

const full = process.env.CENSUS_CHAOS === "full";
const size = full ? 1000 : 300;

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.once("error", reject);
		s.listen(0, "127.0.0.1", () => {
			const address = s.address();
			s.close(() =>
				resolve(typeof address === "object" && address ? address.port : 0),
			);
		});
	});
}

/** A private redis-server that can be killed and restarted, with or without its data. */
async function startRedis(port: number, dir: string): Promise<ChildProcess> {
	const child = spawn(
		"redis-server",
		[
			"--port",
			String(port),
			"--bind",
			"127.0.0.1",
			"--dir",
			dir,
			"--save",
			"",
			"--appendonly",
			"yes",
		],
		{ stdio: "ignore" },
	);
	const deadline = Date.now() + 10_000;
	for (;;) {
		const ok = await new Promise<boolean>((resolve) => {
			const s = connect(port, "127.0.0.1");
			s.once("connect", () => {
				s.destroy();
				resolve(true);
			});
			s.once("error", () => resolve(false));
		});
		if (ok) return child;
		if (Date.now() > deadline) throw new Error("redis-server did not start");
		await new Promise((r) => setTimeout(r, 50));
	}
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
	for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

/**
 * R2 (docs/privacy-tests.md §7.3): Redis killed mid fan-out and restarted, with its data (append-only file) or
 * with all of it lost. PostgreSQL holds the outbox, so the workers carry on from Redis's data or rebuild the queue
 * from the outbox: every invitation arrives once.
 */
async function fanOutAcrossRedisRestart(
	label: string,
	keepData: boolean,
): Promise<void> {
	const db = await createTestDatabase(label);
	cleanups.push(() => db.drop());
	await migrate(db.url);
	const prisma = createPrismaClient(db.url, 2);
	cleanups.push(() => prisma.$disconnect());
	const people = generateOrganisation(size, 29);
	await prisma.$executeRawUnsafe(
		`insert into employee (id, email, department, grade, slack_user_id, updated_at)
			 select gen_random_uuid(), e, d, g, s, now()
			 from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as t(e, d, g, s)`,
		people.map((p) => p.email),
		people.map((p) => p.department),
		people.map((p) => p.grade),
		people.map((p) => p.slackUserId),
	);
	const secret = randomBytes(32).toString("hex");
	const started = await new CensusService(
		new CensusRepository(prisma),
		{ now: () => new Date() },
		{ ...ephemeralCustody().serving, sealingSecret: secret },
		{
			minCellSize: 10,
			minGroupHeadcount: 20,
			shuffleSize: 10,
			retentionDays: 30,
			workingHours: "00:00-24:00,mon-sun",
		},
	).start(
		{
			name: "Redis loss",
			closesOn: "2099-01-01",
			channel: "#leadership",
			targetRate: 70,
			questions: ["key"],
		},
		"U0ADMIN",
	);
	if (!started.ok) throw new Error("not started");
	const fake = await FakeSlackApi.start({ botToken: "xoxb-r2" });
	cleanups.push(() => fake.close());
	const dir = await mkdtemp(path.join(os.tmpdir(), "census-r2-"));
	cleanups.push(() => rm(dir, { recursive: true, force: true }));
	const port = await freePort();
	let redis = await startRedis(port, path.join(dir));
	cleanups.push(async () => redis.kill("SIGKILL"));
	const worker = await AppProcess.start(
		"worker",
		{
			DATABASE_URL: db.url,
			REDIS_URL: `redis://127.0.0.1:${port}`,
			CENSUS_REDIS_PREFIX: "census",
			SLACK_BOT_TOKEN: "xoxb-r2",
			SLACK_SIGNING_SECRET: randomBytes(16).toString("hex"),
			SLACK_API_URL: fake.apiUrl,
			SLACK_MESSAGES_PER_SECOND: "30",
			CENSUS_SEALING_SECRET: secret,
			CENSUS_DATA_DIR: dir,
			CENSUS_WORKING_HOURS: "00:00-24:00,mon-sun",
			PORT: "0",
		},
		180_000,
	);
	cleanups.push(() => worker.kill());
	const delivered = () =>
		people.filter((p) => fake.messagesTo(p.slackUserId).length > 0).length;
	while (delivered() < size / 4) await new Promise((r) => setTimeout(r, 100));

	// Redis dies (kill -9); it comes back with its append-only file, or empty when that is deleted first.
	const exited = new Promise((r) => redis.once("exit", r));
	redis.kill("SIGKILL");
	await exited;
	if (!keepData) {
		await rm(path.join(dir, "appendonlydir"), {
			recursive: true,
			force: true,
		});
		await rm(path.join(dir, "appendonly.aof"), { force: true });
	}
	const before = delivered();
	await new Promise((r) => setTimeout(r, 2000));
	redis = await startRedis(port, dir);
	const back = Date.now();

	let resumedAfterMs = -1;
	const deadline = Date.now() + 120_000;
	while (delivered() < size && Date.now() < deadline) {
		// Beyond what the worker still held in memory when Redis died (its jobs in flight).
		if (resumedAfterMs < 0 && delivered() > before + 40)
			resumedAfterMs = Date.now() - back;
		await new Promise((r) => setTimeout(r, 100));
	}
	console.info(
		label,
		JSON.stringify({
			size,
			before,
			delivered: delivered(),
			resumedAfterMs,
		}),
	);
	const duplicates = people.filter(
		(p) => fake.messagesTo(p.slackUserId).length > 1,
	).length;
	expect(duplicates).toBe(0);
	expect(delivered()).toBe(size);
	expect(resumedAfterMs).toBeGreaterThanOrEqual(0);
	// Jobs rebuilt from the outbox within 60 s of data loss; workers back within 30 s of Redis returning.
	expect(resumedAfterMs).toBeLessThanOrEqual(keepData ? 30_000 : 60_000);
}

describe("R2: Redis restarted mid fan-out", () => {
	it(
		"loses everything: rebuilds the queue from the outbox; nothing lost, nothing sent twice",
		() => fanOutAcrossRedisRestart("redis-loss", false),
		full ? 600_000 : 240_000,
	);
	it(
		"keeps its data: the workers carry on; nothing lost, nothing sent twice",
		() => fanOutAcrossRedisRestart("redis-kept", true),
		full ? 600_000 : 240_000,
	);
});
