import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Redis } from "ioredis";
import pg from "pg";
import type {
	FakeResponse,
	RecordedCall,
} from "../../src/sim/fake-slack-types.js";
import type { TestCensus } from "../support/start-test-census.js";

const run = promisify(execFile);

/** Why a dump was taken (the harness's label; the attacker sees only the contents and their order). */
export type DumpMoment =
	| "after-submission"
	| "mid-pool"
	| "before-shuffle"
	| "after-shuffle"
	| "after-close";

/** One value read from Redis, by key type. */
export type RedisEntry = { key: string; type: string; value: unknown };

/** A row of `select xmin::text, ctid::text, * from <table>`; bytea columns come back as Buffers. */
export type DumpRow = Record<string, unknown> & { xmin: string; ctid: string };

/** Everything an operator or backup thief (A1) could take at one moment. */
export type Dump = {
	index: number;
	moment: DumpMoment;
	/** Submissions completed when the dump was taken (harness bookkeeping, not used by attacks). */
	afterSubmissions: number;
	/** (a) `pg_dump --data-only --inserts`. */
	pgDump: string;
	/** (b) every table of `public` with `xmin` and `ctid`. */
	tables: Record<string, DumpRow[]>;
	/** (c) every Redis key under the run's prefix, with its value. */
	redis: RedisEntry[];
	/** (d) app log lines so far. */
	logs: string[];
	/** (e) the fake Slack Web API call log and response_url bodies so far. */
	slackCalls: RecordedCall[];
	slackResponses: FakeResponse[];
};

async function dumpTables(url: string): Promise<Record<string, DumpRow[]>> {
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	try {
		const names = await c.query<{ table_name: string }>(
			`select table_name from information_schema.tables
			 where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
		);
		const out: Record<string, DumpRow[]> = {};
		for (const { table_name } of names.rows) {
			const rows = await c.query<DumpRow>(
				`select xmin::text as xmin, ctid::text as ctid, * from public."${table_name}"`,
			);
			out[table_name] = rows.rows;
		}
		return out;
	} finally {
		await c.end();
	}
}

async function readRedisValue(
	redis: Redis,
	key: string,
	type: string,
): Promise<unknown> {
	switch (type) {
		case "string":
			return redis.get(key);
		case "hash":
			return redis.hgetall(key);
		case "list":
			return redis.lrange(key, 0, -1);
		case "set":
			return redis.smembers(key);
		case "zset":
			return redis.zrange(key, 0, -1, "WITHSCORES");
		case "stream":
			return redis.xrange(key, "-", "+");
		default:
			return null;
	}
}

/** Every key under `prefix:` with its type and value. */
export async function dumpRedis(
	redis: Redis,
	prefix: string,
): Promise<RedisEntry[]> {
	const keys: string[] = [];
	let cursor = "0";
	do {
		const [next, batch] = await redis.scan(
			cursor,
			"MATCH",
			`${prefix}:*`,
			"COUNT",
			1000,
		);
		cursor = next;
		keys.push(...batch);
	} while (cursor !== "0");
	keys.sort();
	const out: RedisEntry[] = [];
	for (const key of keys) {
		const type = await redis.type(key);
		if (type === "none") continue;
		out.push({ key, type, value: await readRedisValue(redis, key, type) });
	}
	return out;
}

/** Takes one full dump of the running test census. */
export async function takeDump(
	t: TestCensus,
	redis: Redis,
	meta: { index: number; moment: DumpMoment; afterSubmissions: number },
): Promise<Dump> {
	const { stdout } = await run(
		"pg_dump",
		[
			"-h",
			"127.0.0.1",
			"-U",
			"postgres",
			"--data-only",
			"--inserts",
			"-d",
			t.db.name,
		],
		{ maxBuffer: 512 * 1024 * 1024 },
	);
	const tables = await dumpTables(t.db.url);
	const redisEntries = await dumpRedis(redis, t.runtime.redisPrefix);
	return {
		...meta,
		pgDump: stdout,
		tables,
		redis: redisEntries,
		logs: [...t.logs],
		// Deep copies: the fake keeps mutating its own records.
		slackCalls: JSON.parse(JSON.stringify(t.fake.calls)) as RecordedCall[],
		slackResponses: JSON.parse(
			JSON.stringify(t.fake.responses),
		) as FakeResponse[],
	};
}
