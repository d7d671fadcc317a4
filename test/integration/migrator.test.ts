import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../src/storage/migrator.js";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";

const run = promisify(execFile);

/** Tables, columns, defaults, constraints and indexes of the public schema, as comparable text. */
async function describeSchema(url: string): Promise<string[]> {
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	try {
		const columns = await c.query(`
			select table_name, column_name, data_type, udt_name, is_nullable, column_default,
			       character_maximum_length, datetime_precision
			from information_schema.columns
			where table_schema = 'public' and table_name <> '_census_migrations'
			order by table_name, column_name`);
		const constraints = await c.query(`
			select conrelid::regclass::text as tbl, conname, pg_get_constraintdef(oid) as def
			from pg_constraint where connamespace = 'public'::regnamespace
			order by 1, 2`);
		const indexes = await c.query(`
			select tablename, indexname, indexdef from pg_indexes
			where schemaname = 'public' and tablename <> '_census_migrations'
			order by 1, 2`);
		return [
			...columns.rows.map((r) => `column ${JSON.stringify(r)}`),
			...constraints.rows
				.filter((r) => r.tbl !== "_census_migrations")
				.map((r) => `constraint ${JSON.stringify(r)}`),
			...indexes.rows.map((r) => `index ${JSON.stringify(r)}`),
		];
	} finally {
		await c.end();
	}
}

/** Indexes made by a migration alone, as Prisma cannot express a partial index. */
const partialIndexes = ["delivery_in_flight_idx"];

describe("migrator", () => {
	let migrated: TestDatabase;
	let derived: TestDatabase;

	beforeAll(async () => {
		migrated = await createTestDatabase("migrated");
		derived = await createTestDatabase("derived");
	});
	afterAll(async () => {
		await migrated?.drop();
		await derived?.drop();
	});

	it("applies every migration once and is idempotent", async () => {
		const first = await migrate(migrated.url);
		expect(first.applied.length).toBeGreaterThan(0);
		const second = await migrate(migrated.url);
		expect(second.applied).toEqual([]);
		expect(second.alreadyApplied).toBe(first.applied.length);
	});

	it("produces exactly the schema Prisma derives from schema.prisma", async () => {
		await migrate(migrated.url);
		const { stdout } = await run(
			"npx",
			[
				"prisma",
				"migrate",
				"diff",
				"--from-empty",
				"--to-schema-datamodel",
				"prisma/schema.prisma",
				"--script",
			],
			{
				env: { ...process.env, DATABASE_URL: derived.url },
				maxBuffer: 10_000_000,
			},
		);
		expect(stdout).toContain("CREATE TABLE");
		const c = new pg.Client({ connectionString: derived.url });
		await c.connect();
		await c.query(stdout);
		await c.end();
		const ours = await describeSchema(migrated.url);
		const prismas = await describeSchema(derived.url);
		expect(ours.length).toBeGreaterThan(20);
		// Partial indexes: Prisma's schema cannot express them, so they live in their migrations alone, named here.
		const partial = (line: string) =>
			partialIndexes.some((name) => line.includes(`"indexname":"${name}"`));
		expect(ours.filter(partial)).toHaveLength(partialIndexes.length);
		for (const line of ours.filter(partial)) expect(line).toMatch(/ WHERE /);
		expect(ours.filter((line) => !partial(line))).toEqual(prismas);
	}, 60_000);

	it("refuses a migration that was changed after it was applied", async () => {
		const c = new pg.Client({ connectionString: migrated.url });
		await c.connect();
		await c.query("update _census_migrations set checksum = 'tampered'");
		await c.end();
		await expect(migrate(migrated.url)).rejects.toThrow(
			/changed after it was applied/,
		);
	});
});
