import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tallyKey } from "../../src/cli/tally-key.js";
import { loadConfig } from "../../src/config.js";
import { CampaignCloser } from "../../src/domain/campaigns/campaign-closer.js";
import { CensusService } from "../../src/domain/campaigns/census-service.js";
import type { StartArguments } from "../../src/domain/campaigns/parse-start-arguments.js";
import { asEmployeeId } from "../../src/domain/ids.js";
import type { Campaign } from "../../src/domain/ports.js";
import { threadedTallier } from "../../src/jobs/threaded-tallier.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { LocalKeyUnwrapper } from "../../src/keys/local-key-unwrapper.js";
import { RegisteredKeyWrapper } from "../../src/keys/registered-key-wrapper.js";
import { TallyKeyCheckError } from "../../src/keys/tally-key-check-error.js";
import { readTallyKeyFile } from "../../src/keys/tally-key-set.js";
import { createLogger } from "../../src/logger.js";
import { startCensus } from "../../src/start-census.js";
import { CensusRepository } from "../../src/storage/census-repository.js";
import { migrate } from "../../src/storage/migrator.js";
import {
	createPrismaClient,
	type PrismaClient,
} from "../../src/storage/prisma-client.js";
import { TallyKeyRegistry } from "../../src/storage/tally-key-registry.js";
import {
	createTestDatabase,
	dropTestRedisPrefix,
	type TestDatabase,
	testRedisPrefix,
} from "../support/test-database.js";

const args: StartArguments = {
	name: "Custody",
	closesOn: "2099-01-01",
	channel: "#leadership",
	targetRate: 70,
	questions: ["key"],
};
const options = ["occ_professional", "occ_clerical", "occ_routine"];
const clock = { now: () => new Date() };

/**
 * Key custody through the real services, the tally-key command and PostgreSQL: campaigns sealed to a registered
 * tally key, a close that checks its key before answers stop and its pool before it decrypts, rotation and
 * retirement.
 */
describe("key custody", () => {
	let db: TestDatabase;
	let prisma: PrismaClient;
	let raw: pg.Client;
	let store: CensusRepository;
	let service: CensusService;
	let dir: string;
	let keyFile: string;
	const sealingSecret = ephemeralCustody().sealingSecret;
	/** Each tally process's Redis prefix, dropped at the end. */
	const prefixes: string[] = [];
	const env = () => ({
		DATABASE_URL: db.url,
		CENSUS_TALLY_KEY_FILE: keyFile,
	});
	const cli = async (...argv: string[]) => {
		const lines: string[] = [];
		const out = {
			write: (s: string) => lines.push(s) > 0,
		} as unknown as NodeJS.WritableStream;
		const code = await tallyKey(argv, out, env());
		return { code, text: lines.join("") };
	};
	const closerWith = async (keys = readTallyKeyFile(keyFile)) =>
		new CampaignCloser(
			store,
			clock,
			{
				sealingSecret,
				unwrapper: new LocalKeyUnwrapper(await keys, sealingSecret),
			},
			// Two threads and pages of five: a copy is caught across pages and threads, not only within one.
			{ tallier: threadedTallier(2), pageSize: 5 },
		);

	const newPrefix = () => {
		const prefix = testRedisPrefix("custody");
		prefixes.push(prefix);
		return prefix;
	};
	/** A tally process (the app with only the tally role) holding this key file's text. */
	const startTally = (tallyKeyText: string) =>
		startCensus(
			{
				...loadConfig({
					DATABASE_URL: db.url,
					REDIS_URL: "redis://127.0.0.1:6379",
					CENSUS_SEALING_SECRET: sealingSecret,
					CENSUS_TALLY_KEY: tallyKeyText,
					CENSUS_DATA_DIR: dir,
				}),
				port: 0,
			},
			{
				roles: ["tally"],
				host: "127.0.0.1",
				redisPrefix: newPrefix(),
				logger: createLogger("silent"),
			},
		);

	async function startAndAnswer(name: string, n: number): Promise<Campaign> {
		const started = await service.start({ ...args, name }, "U-admin");
		if (!started.ok) throw new Error(`not started: ${started.reason}`);
		const people = await prisma.employee.findMany({
			orderBy: { email: "asc" },
		});
		for (const [i, e] of people.slice(0, n).entries()) {
			const p = await store.findParticipant(
				started.campaign.id,
				asEmployeeId(e.id),
			);
			if (!p) throw new Error("no participant");
			await service.answer(started.campaign, p, { key: options[i % 3] });
		}
		return started.campaign;
	}
	const statusOf = async (id: string) =>
		(await raw.query("select status from campaign where id = $1", [id])).rows[0]
			?.status;

	beforeAll(async () => {
		db = await createTestDatabase("custody");
		await migrate(db.url);
		raw = new pg.Client({ connectionString: db.url });
		await raw.connect();
		await raw.query(
			`insert into employee (id, email, department, grade, slack_user_id, updated_at)
			 select gen_random_uuid(), 'k' || lpad(i::text, 3, '0') || '@example.org', 'Dept', 'G1', 'UK' || i, now()
			 from generate_series(1, 40) as i`,
		);
		prisma = createPrismaClient(db.url, 2);
		store = new CensusRepository(prisma);
		service = new CensusService(store, clock, {
			sealingSecret,
			wrapper: new RegisteredKeyWrapper(new TallyKeyRegistry(prisma)),
		});
		dir = await mkdtemp(path.join(os.tmpdir(), "census-custody-"));
		keyFile = path.join(dir, "tally-keys.json");
	}, 60_000);

	afterAll(async () => {
		await raw?.end();
		await prisma?.$disconnect();
		for (const p of prefixes) await dropTestRedisPrefix(p);
		await db?.drop();
		await rm(dir, { recursive: true, force: true });
	});

	it("refuses to start a campaign before any tally key is registered", async () => {
		expect(await service.start(args, "U-admin")).toEqual({
			ok: false,
			reason: "no-tally-key",
		});
		expect(
			(await raw.query("select count(*)::int as n from campaign")).rows[0].n,
		).toBe(0);
	});

	it("`tally-key new` makes the key file once, owner-only, and registers only its public half", async () => {
		const made = await cli("new");
		expect(made.code).toBe(0);
		const [key] = await readTallyKeyFile(keyFile);
		expect(made.text).toContain(`Made tally key ${key?.id}`);
		const again = await cli("new");
		expect(again.code).toBe(1);
		expect(again.text).toMatch(/already exists.*never overwritten/);
		expect((await readTallyKeyFile(keyFile)).map((k) => k.id)).toEqual([
			key?.id,
		]);
		const rows = (await raw.query("select id, public_key from tally_key")).rows;
		expect(rows).toHaveLength(1);
		expect(
			Buffer.from(rows[0].public_key).equals(key?.publicKey as Buffer),
		).toBe(true);
		const fileText = await readFile(keyFile, "utf8");
		const { stdout } = await import("node:child_process").then((cp) =>
			import("node:util").then((u) =>
				u.promisify(cp.execFile)(
					"pg_dump",
					["-h", "127.0.0.1", "-U", "postgres", db.name],
					{
						maxBuffer: 50_000_000,
					},
				),
			),
		);
		const privateB64 = JSON.parse(fileText).keys[0].privateKey as string;
		expect(stdout).not.toContain(privateB64.slice(0, 40));
		expect(stdout).not.toContain(
			Buffer.from(privateB64, "base64").toString("hex").slice(0, 40),
		);
	});

	it("a close the tally key cannot open leaves the campaign open, with nothing decrypted", async () => {
		const campaign = await startAndAnswer("Wrong key", 12);
		const wrong = new CampaignCloser(store, clock, ephemeralCustody().tally);
		const problems = await wrong.checkKeys();
		expect(problems.map((p) => p.campaignId)).toEqual([campaign.id]);
		expect(problems[0]?.detail).toMatch(/not in this process's key set/);
		const result = await wrong.close();
		expect(result.ok === false && result.reason).toBe("key-unavailable");
		expect(await statusOf(campaign.id)).toBe("open");
		// The tally process refuses to start with that key, naming the campaign and the key it needs.
		const err = await startTally(ephemeralCustody().tallyKeyText).catch(
			(e: unknown) => e,
		);
		expect(err).toBeInstanceOf(TallyKeyCheckError);
		expect((err as Error).message).toContain(campaign.id);
		expect((err as Error).message).toContain(
			(await store.wrappedKeyOf(campaign.id))?.keyId,
		);
		expect(await statusOf(campaign.id)).toBe("open");
	}, 60_000);

	it("refuses to tally a pool with a ballot missing or copied, and says which check failed", async () => {
		const campaign = (await store.findOpenCampaign()) as Campaign;
		const closer = await closerWith();
		expect(await closer.checkKeys()).toEqual([]);
		const pool = (await raw.query("select id, sealed from sealed_ballot")).rows;
		expect(pool).toHaveLength(12);
		const [first, second] = pool;
		await raw.query("delete from sealed_ballot where id = $1", [first.id]);
		const short = await closer.close();
		expect(
			short.ok === false && short.reason === "integrity" && short.check,
		).toBe("ballot-count");
		expect(short.ok === false && "detail" in short && short.detail).toBe(
			"the pool holds 11 ballots for 12 responders",
		);
		// Answers have stopped; nothing was tallied or shredded.
		expect(await statusOf(campaign.id)).toBe("closing");
		expect(await store.wrappedKeyOf(campaign.id)).not.toBeNull();
		await raw.query(
			"insert into sealed_ballot (id, campaign_id, sealed) values (gen_random_uuid(), $1, $2)",
			[campaign.id, second.sealed],
		);
		const copied = await closer.close();
		expect(
			copied.ok === false && copied.reason === "integrity" && copied.check,
		).toBe("duplicate-ballot");
		await raw.query(
			"delete from sealed_ballot where sealed = $1 and id <> $2",
			[second.sealed, second.id],
		);
		await raw.query(
			"insert into sealed_ballot (id, campaign_id, sealed) values ($1, $2, $3)",
			[first.id, campaign.id, first.sealed],
		);
		const closed = await closer.close();
		expect(closed.ok && closed.report.responded).toBe(12);
		expect(await statusOf(campaign.id)).toBe("closed");
	}, 60_000);

	it("rotates, refuses to retire a key an open campaign needs, and after retirement a pre-close backup is unreadable", async () => {
		const [first] = await readTallyKeyFile(keyFile);
		const sealedToFirst = await startAndAnswer("Before rotation", 10);
		const backup = await store.wrappedKeyOf(sealedToFirst.id);
		expect(backup?.keyId).toBe(first?.id);
		const rotated = await cli("rotate");
		expect(rotated.code).toBe(0);
		const keys = await readTallyKeyFile(keyFile);
		expect(keys.map((k) => k.id)).toHaveLength(2);
		const second = keys[1];
		expect((await new TallyKeyRegistry(prisma).active())?.id).toBe(second?.id);
		const refused = await cli("retire", first?.id as string);
		expect(refused.code).toBe(1);
		expect(refused.text).toMatch(
			/1 campaign\(s\) not yet closed are sealed to/,
		);
		const listed = await cli("list");
		expect(listed.text).toContain(`${second?.id}`);
		expect(listed.text).toMatch(/active \(new campaigns are sealed to it\)/);
		const closed = await (await closerWith()).close();
		expect(closed.ok && closed.report.responded).toBe(10);
		const retired = await cli("retire", first?.id as string);
		expect(retired.code).toBe(0);
		expect((await readTallyKeyFile(keyFile)).map((k) => k.id)).toEqual([
			second?.id,
		]);
		expect((await cli("list")).text).toMatch(
			new RegExp(`${first?.id}.*retired`),
		);
		// The backup taken before the close held the wrapped key: the file that is left cannot open it.
		const after = new LocalKeyUnwrapper(
			await readTallyKeyFile(keyFile),
			sealingSecret,
		);
		await expect(
			after.unwrap(sealedToFirst.id, backup as NonNullable<typeof backup>),
		).rejects.toThrow(/not in this process's key set/);
		// New campaigns go to the second key, which the file still holds.
		const next = await startAndAnswer("After rotation", 3);
		expect((await store.wrappedKeyOf(next.id))?.keyId).toBe(second?.id);
		expect(await (await closerWith()).checkKeys()).toEqual([]);
	}, 60_000);

	it("a tally process that starts while a campaign is left closing (its last close was cut short) finishes the close", async () => {
		expect((await (await closerWith()).close()).ok).toBe(true);
		const campaign = await startAndAnswer("Cut short", 4);
		expect(await store.beginClose(campaign.id)).toBe(true);
		const runtime = await startTally(await readFile(keyFile, "utf8"));
		try {
			const deadline = Date.now() + 30_000;
			while ((await statusOf(campaign.id)) !== "closed") {
				if (Date.now() > deadline)
					throw new Error("the close was not finished");
				await new Promise((r) => setTimeout(r, 100));
			}
			expect((await store.findReport(campaign.id))?.responded).toBe(4);
		} finally {
			await runtime.tallyQueue.queue.obliterate({ force: true });
			await runtime.stop();
		}
	}, 60_000);
});
