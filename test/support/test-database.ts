import { randomBytes } from "node:crypto";
import pg from "pg";
import { dropRedisPrefix } from "../../tools/bench/drop-redis-prefix.js";

/** The machine's PostgreSQL server (trust auth); tests create their own databases on it. */
export const adminDatabaseUrl = "postgresql://postgres@127.0.0.1:5432/postgres";

/** A database of a test's own, dropped by `drop()`. */
export type TestDatabase = { name: string; url: string; drop(): Promise<void> };

/** Creates an empty database with a random name. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
	const name = `census_test_${label}_${randomBytes(4).toString("hex")}`;
	const admin = new pg.Client({ connectionString: adminDatabaseUrl });
	await admin.connect();
	try {
		await admin.query(`create database "${name}"`);
	} finally {
		await admin.end();
	}
	return {
		name,
		url: `postgresql://postgres@127.0.0.1:5432/${name}`,
		async drop() {
			const c = new pg.Client({ connectionString: adminDatabaseUrl });
			await c.connect();
			try {
				await c.query(`drop database if exists "${name}" with (force)`);
			} finally {
				await c.end();
			}
		},
	};
}

/** A random Redis key prefix for one test run. */
export function testRedisPrefix(label: string): string {
	return `census-test-${label}-${randomBytes(4).toString("hex")}`;
}

/** Deletes every key under a test's prefix: after its processes have stopped, so none writes one back. */
export async function dropTestRedisPrefix(prefix: string): Promise<void> {
	await dropRedisPrefix(testRedisUrl, prefix);
}

/** The machine's Redis server; tests keep to prefixes of their own on it. */
export const testRedisUrl = "redis://127.0.0.1:6379";
