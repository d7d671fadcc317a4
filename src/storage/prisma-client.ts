import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import pg from "pg";

/** Creates a Prisma client over the pg driver adapter (WASM engine); query logging stays off. */
export function createPrismaClient(
	databaseUrl: string,
	poolSize = 10,
): PrismaClient {
	return createDatabase(databaseUrl, poolSize).prisma;
}

/**
 * One pg pool, shared by a Prisma client and by the hot paths that speak SQL to it directly (the delivery
 * outbox: a claim or finish through Prisma's raw query costs several times the CPU of the same query on pg).
 * `prisma.$disconnect()` ends the pool.
 */
export function createDatabase(
	databaseUrl: string,
	poolSize = 10,
): { prisma: PrismaClient; pool: pg.Pool } {
	const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
	// An idle connection that breaks (the server restarted) must not crash the process: the next query fails
	// and is handled where it is made. (The adapter adds its own listener only once Prisma connects.)
	pool.on("error", () => undefined);
	const adapter = new PrismaPg(pool, { disposeExternalPool: true });
	return { prisma: new PrismaClient({ adapter, log: [] }), pool };
}

export type { PrismaClient };
