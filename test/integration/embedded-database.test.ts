import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase } from "../../src/storage/embedded-database.js";
import { EmbeddedDatabaseBusyError } from "../../src/storage/embedded-database-lock.js";
import { migrate } from "../../src/storage/migrator.js";

describe("embedded database", () => {
	let dataDir: string;

	beforeAll(async () => {
		dataDir = await mkdtemp(path.join(os.tmpdir(), "census-pglite-"));
	});
	afterAll(async () => {
		await rm(dataDir, { recursive: true, force: true });
	});

	it("serves PostgreSQL on loopback, keeps data across restarts, and refuses a second opener", async () => {
		const first = await startEmbeddedDatabase({ dataDir });
		try {
			expect(new URL(first.url).hostname).toBe("127.0.0.1");
			await migrate(first.url);
			const c = new pg.Client({ connectionString: first.url });
			await c.connect();
			await c.query(
				"insert into employee (id, email, department, grade, updated_at) values (gen_random_uuid(), 'a@example.org', 'D', 'G', now())",
			);
			await c.end();
			await expect(startEmbeddedDatabase({ dataDir })).rejects.toBeInstanceOf(
				EmbeddedDatabaseBusyError,
			);
		} finally {
			await first.stop();
		}
		const second = await startEmbeddedDatabase({ dataDir });
		try {
			const c = new pg.Client({ connectionString: second.url });
			await c.connect();
			const { rows } = await c.query("select email from employee");
			await c.end();
			expect(rows).toEqual([{ email: "a@example.org" }]);
		} finally {
			await second.stop();
		}
	}, 60_000);

	it("takes over a lock left by a process that no longer exists", async () => {
		await writeFile(path.join(dataDir, "census.lock"), "999999999");
		const db = await startEmbeddedDatabase({ dataDir });
		await db.stop();
	}, 60_000);
});
