import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../src/storage/migrator.js";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";

const functionsDir = fileURLToPath(
	new URL("../../prisma/functions/", import.meta.url),
);

/** A function file without its leading comment lines (what it is, where it is applied). */
function definition(file: string): string {
	const lines = file.split("\n");
	const first = lines.findIndex((l) => !l.startsWith("--") && l.trim() !== "");
	return lines.slice(first).join("\n").trim();
}

describe("prisma/functions: the stored SQL functions, one readable file each", () => {
	let db: TestDatabase;
	let stored: { name: string; def: string }[];

	beforeAll(async () => {
		db = await createTestDatabase("functions");
		await migrate(db.url);
		const c = new pg.Client({ connectionString: db.url });
		await c.connect();
		try {
			const r = await c.query<{ name: string; def: string }>(
				`select p.proname as name, pg_get_functiondef(p.oid) as def
				 from pg_proc p where p.pronamespace = 'public'::regnamespace order by 1`,
			);
			stored = r.rows;
		} finally {
			await c.end();
		}
	}, 60_000);

	afterAll(async () => {
		await db?.drop();
	});

	it("has a file for every function the migrations leave in the database, and no other", async () => {
		const files = (await readdir(functionsDir))
			.filter((f) => f.endsWith(".sql"))
			.map((f) => f.slice(0, -".sql".length))
			.sort();
		expect(stored.length).toBeGreaterThan(0);
		expect(files).toEqual(stored.map((f) => f.name));
	});

	it("holds in each file exactly the function's current text in the migrated database", async () => {
		for (const { name, def } of stored) {
			const file = await readFile(
				path.join(functionsDir, `${name}.sql`),
				"utf8",
			);
			expect(definition(file), `prisma/functions/${name}.sql`).toBe(def.trim());
		}
	});
});
