import { Redis } from "ioredis";
import type pg from "pg";
import type { Config } from "../config.js";
import type { Lifecycle } from "../lifecycle.js";
import type { Logger } from "../logger.js";
import { startEmbeddedDatabase } from "./embedded-database.js";
import { migrateWhenReachable } from "./migrate-when-reachable.js";
import { createDatabase, type PrismaClient } from "./prisma-client.js";
import { resolveRedis } from "./redis-connection.js";

/** The process's PostgreSQL and Redis, migrated and connected. */
export type Storage = {
	databaseUrl: string;
	prisma: PrismaClient;
	/** The pg pool under `prisma`, for the hot paths that speak SQL directly (see `createDatabase`). */
	pool: pg.Pool;
	redisUrl: string;
	/** The shared Redis connection (queues, schedules, pacers); workers duplicate it. */
	connection: Redis;
};

/**
 * Opens the database (the configured one, or an embedded PGlite under the data folder, or in memory) and migrates
 * it, then finds Redis (README.md, Configuration) and connects. Everything opened is closed by `life`.
 */
export async function openStorage(
	config: Config,
	opts: { ephemeralDatabase?: boolean | undefined },
	logger: Logger,
	life: Lifecycle,
): Promise<Storage> {
	const embedded = config.databaseUrl
		? undefined
		: life.own(
				await startEmbeddedDatabase(
					opts.ephemeralDatabase ? {} : { dataDir: `${config.dataDir}/pglite` },
				),
				(db) => db.stop(),
			);
	const databaseUrl = embedded?.url ?? config.databaseUrl ?? "";
	const migrated = await migrateWhenReachable(databaseUrl, logger);
	logger.info({ applied: migrated.applied.length }, "database migrated");
	// PGlite serves one query at a time and mixes up unnamed prepared statements across
	// connections, so the embedded database gets a single pooled connection.
	const { prisma, pool } = createDatabase(databaseUrl, embedded ? 1 : 20);
	life.onStop(() => prisma.$disconnect());

	const redis = life.own(
		await resolveRedis({
			redisUrl: config.redisUrl,
			dataDir: config.dataDir,
			// A configured Redis still starting (a host reboot, a pod scheduled first) gets a minute.
			waitForMs: 60_000,
			logger,
		}),
		(r) => r.stop(),
	);
	const connection = life.own(
		new Redis(redis.url, { maxRetriesPerRequest: null }),
		(c) => c.disconnect(),
	);
	connection.on("error", (err) =>
		logger.warn({ err }, "redis connection error"),
	);
	return { databaseUrl, prisma, pool, redisUrl: redis.url, connection };
}
