import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { lockDataDir } from "./embedded-database-lock.js";

/** A PGlite database served on a loopback port so the ordinary pg driver can use it. */
export type EmbeddedDatabase = { url: string; stop(): Promise<void> };

/**
 * Starts embedded PostgreSQL (PGlite) on 127.0.0.1. With `dataDir` the data persists there;
 * without it the database lives in memory (the demo uses that).
 */
export async function startEmbeddedDatabase(opts: {
	dataDir?: string;
	maxConnections?: number;
}): Promise<EmbeddedDatabase> {
	let release: () => Promise<void> = async () => undefined;
	if (opts.dataDir) {
		await mkdir(opts.dataDir, { recursive: true });
		release = await lockDataDir(opts.dataDir);
	}
	const db = await (opts.dataDir
		? PGlite.create(opts.dataDir)
		: PGlite.create()
	).catch(async (err: unknown) => {
		await release();
		throw err;
	});
	const server = new PGLiteSocketServer({
		db,
		host: "127.0.0.1",
		port: 0,
		maxConnections: opts.maxConnections ?? 12,
	});
	await server.start();
	const conn = server.getServerConn();
	return {
		url: `postgresql://postgres@${conn}/postgres?sslmode=disable`,
		async stop() {
			await server.stop();
			await db.close();
			await release();
		},
	};
}
