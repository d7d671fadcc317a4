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
	const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
	const adapter = new PrismaPg(pool, { disposeExternalPool: true });
	const prisma = new PrismaClient({ adapter, log: [] });
	pools.set(prisma, pool);
	return prisma;
}

/** The pg pool under a client made by `createPrismaClient`. */
export function pgPoolOf(prisma: PrismaClient): pg.Pool {
	const pool = pools.get(prisma);
	if (!pool) throw new Error("not a client made by createPrismaClient");
	return pool;
}

export type { PrismaClient };
