import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import pg from "pg";

const pools = new WeakMap<PrismaClient, pg.Pool>();

/**
 * Creates a Prisma client over the pg driver adapter (WASM engine); query logging stays off. The
 * client owns its connection pool and ends it on `$disconnect`; `pgPoolOf` lends the same pool to the
 * few bulk statements that Prisma's result mapping makes slow (see storage/pool-shuffle.ts).
 */
export function createPrismaClient(
	databaseUrl: string,
	poolSize = 10,
): PrismaClient {
	return createDatabase(databaseUrl, poolSize).prisma;
}

/**
 * One pg pool, shared by a Prisma client and by the hot paths that speak SQL to it directly (the delivery
 * outbox and the pool shuffle: through Prisma's raw queries the same statements cost several times the
 * CPU). `prisma.$disconnect()` ends the pool; `pgPoolOf` finds it from the client.
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
	const prisma = new PrismaClient({ adapter, log: [] });
	pools.set(prisma, pool);
	return { prisma, pool };
}

/** The pg pool under a client made by `createDatabase` or `createPrismaClient`. */
export function pgPoolOf(prisma: PrismaClient): pg.Pool {
	const pool = pools.get(prisma);
	if (!pool) throw new Error("not a client made by createDatabase");
	return pool;
}

export type { PrismaClient };
