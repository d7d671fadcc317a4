import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	databaseTransactions,
	statisticsLagMs,
	transactionsOnceAlone,
	transactionsPer,
} from "../../tools/bench/database-transactions.js";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";

describe("the bench's count of database transactions", () => {
	let db: TestDatabase;
	let stats: pg.Client;
	let other: pg.Client;

	beforeAll(async () => {
		db = await createTestDatabase("xacts");
		stats = new pg.Client({ connectionString: db.url });
		other = new pg.Client({ connectionString: db.url });
		await stats.connect();
		await other.connect();
	});
	afterAll(async () => {
		await stats?.end();
		await other?.end().catch(() => undefined);
		await db?.drop();
	});

	it("counts another connection's statements and transactions, each once", async () => {
		const before = await databaseTransactions(stats);
		for (let i = 0; i < 10; i++) await other.query("select 1");
		await other.query("begin");
		await other.query("select 1");
		await other.query("select 2");
		await other.query("commit");
		await new Promise((r) => setTimeout(r, statisticsLagMs));
		const after = await databaseTransactions(stats);
		// Eleven from the other connection, the readings' own (two statements each), and a few of the server's own
		// (autovacuum and its launcher commit transactions in a new database too: seen 4 on a loaded machine).
		// Counting each statement twice would give 22 or more.
		expect(after - before).toBeGreaterThanOrEqual(11);
		expect(after - before).toBeLessThanOrEqual(21);
		expect(transactionsPer(before, before + 25, 10)).toBe(2.5);
	});

	it("has a closed connection's transactions as soon as it has left, without the statistics' lag", async () => {
		await other.end();
		const before = await transactionsOnceAlone(stats, 60_000);
		const leaving = new pg.Client({ connectionString: db.url });
		await leaving.connect();
		for (let i = 0; i < 30; i++) await leaving.query("select 1");
		// Asked while the connection is still there (its counts mostly unpublished); it leaves once the reading has
		// asked the server twice.
		let asked = 0;
		const watched = {
			query: async (text: string) => {
				const result = await stats.query(text);
				if (++asked === 2) await leaving.end();
				return result;
			},
		} as unknown as Pick<pg.Client, "query">;
		const after = await transactionsOnceAlone(watched, 60_000);
		// Thirty from the leaving connection, the reading's own, and a few of the server's (see above).
		expect(after - before).toBeGreaterThanOrEqual(30);
		expect(after - before).toBeLessThanOrEqual(40);
	});
});
