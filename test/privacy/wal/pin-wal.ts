import { randomBytes } from "node:crypto";
import path from "node:path";
import type pg from "pg";
import { type Lsn, parseLsn } from "./lsn.js";
import type { WalLayout } from "./wal-segments.js";

/** The WAL from `start` on, held by a temporary physical replication slot until `release()`. */
export type PinnedWal = {
	slot: string;
	start: Lsn;
	/** Where the server keeps its WAL, and how it is cut. */
	layout: WalLayout;
	serverMajor: number;
	/** The LSN up to which the WAL is on disk now. */
	flushed(): Promise<Lsn>;
	release(): Promise<void>;
};

/**
 * Pins the WAL as an archive would hold it: a temporary physical slot reserving WAL at once, so no
 * checkpoint recycles a segment written from now on, then the start LSN. The slot lives as long as
 * `session` (a superuser connection the caller keeps open) or until `release()`. Refuses a server
 * whose settings would make the attack meaningless or unreadable (wal_level minimal, compressed
 * page images) with a message saying so.
 */
export async function pinWal(session: pg.Client): Promise<PinnedWal> {
	const setting = async (name: string) =>
		(await session.query(`select current_setting($1) as v`, [name])).rows[0]
			.v as string;
	if ((await setting("wal_level")) === "minimal")
		throw new Error("wal_level is minimal: there is no WAL archive to attack");
	if ((await setting("wal_compression")) !== "off")
		throw new Error(
			"wal_compression is on: page images would need decompressing",
		);
	const slot = `census_wal_attack_${randomBytes(4).toString("hex")}`;
	await session.query(
		"select pg_create_physical_replication_slot($1, true, true)",
		[slot],
	);
	const row = (
		await session.query(
			`select restart_lsn::text as restart, pg_current_wal_insert_lsn()::text as start,
			        current_setting('data_directory') as data,
			        current_setting('wal_segment_size') as seg,
			        current_setting('server_version_num')::int / 10000 as major,
			        (select timeline_id from pg_control_checkpoint()) as timeline
			 from pg_replication_slots where slot_name = $1`,
			[slot],
		)
	).rows[0];
	const start = parseLsn(row.start);
	if (!row.restart || parseLsn(row.restart) > start)
		throw new Error(`slot ${slot} does not hold the WAL from ${row.start}`);
	const segmentSize = Number(
		(
			await session.query(
				"select pg_size_bytes(current_setting('wal_segment_size')) as s",
			)
		).rows[0].s,
	);
	return {
		slot,
		start,
		layout: {
			dir: path.join(row.data, "pg_wal"),
			timeline: Number(row.timeline),
			segmentSize,
		},
		serverMajor: Number(row.major),
		async flushed() {
			const r = await session.query(
				"select pg_current_wal_flush_lsn()::text as lsn",
			);
			return parseLsn(r.rows[0].lsn);
		},
		async release() {
			await session.query("select pg_drop_replication_slot($1)", [slot]);
		},
	};
}
