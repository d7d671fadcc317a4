import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";

/** Creates a Prisma client over the pg driver adapter (WASM engine); query logging stays off. */
export function createPrismaClient(
	databaseUrl: string,
	poolSize = 10,
): PrismaClient {
	const adapter = new PrismaPg({
		connectionString: databaseUrl,
		max: poolSize,
	});
	return new PrismaClient({ adapter, log: [] });
}

export type { PrismaClient };
