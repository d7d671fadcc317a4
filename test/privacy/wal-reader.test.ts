import { randomBytes, randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";
import { varlenaColumnOffset } from "./wal/column-offset.js";
import { copyWalArchive } from "./wal/copy-wal-archive.js";
import { findPgWaldump } from "./wal/find-pg-waldump.js";
import { linkWalBallots, type WalLinkage } from "./wal/link-wal-ballots.js";
import { pinWal } from "./wal/pin-wal.js";
import { runWaldump } from "./wal/run-waldump.js";
import { WalSegments, walPageSize } from "./wal/wal-segments.js";

// The WAL attack's reader on a table shaped like the ballot pool, where the expected answer is known:
// flips and inserts in one transaction, some after a CHECKPOINT (the INSERT then carries a full-page
// image instead of its tuple), an update that moves a row to another page, an aborted transaction,
// and ballots big enough that their record runs across a WAL page boundary.
describe("WAL reader: pg_waldump + segment bytes + ctid tracking", () => {
	let db: TestDatabase;
	let c: pg.Client;
	const expected = new Map<string, Buffer>();
	let aborted: string;
	let linkage: WalLinkage;
	let crossing = 0;
	let moved: { who: string; from: string; to: string };

	beforeAll(async () => {
		db = await createTestDatabase("walread");
		c = new pg.Client({ connectionString: db.url });
		await c.connect();
		await c.query(`create table ballot (id uuid not null, campaign_id uuid not null, sealed bytea not null, settled boolean not null default false);
			alter table ballot alter column sealed set storage plain;
			create table person (employee_id uuid primary key, status text not null, pad text not null);`);
		// Ten people per heap page, so a longer status moves a row to a new page.
		const people = Array.from({ length: 40 }, () => randomUUID());
		await c.query(
			"insert into person select unnest($1::uuid[]), 'invited', repeat('x', 700)",
			[people],
		);
		await c.query(
			"insert into ballot select gen_random_uuid(), gen_random_uuid(), $1, true from generate_series(1, 3)",
			[randomBytes(612)],
		);
		const pin = await pinWal(c);
		const invitationAt = new Map(
			(
				await c.query("select ctid::text, employee_id::text as e from person")
			).rows.map((r: { ctid: string; e: string }) => [
				r.ctid.replace(/[()]/g, ""),
				r.e,
			]),
		);
		const answer = async (
			who: string,
			bytes: Buffer,
			status = "responded",
			commit = true,
		) => {
			await c.query("begin");
			await c.query("update person set status = $2 where employee_id = $1", [
				who,
				status,
			]);
			await c.query(
				"insert into ballot values (gen_random_uuid(), gen_random_uuid(), $1, false)",
				[bytes],
			);
			await c.query(commit ? "commit" : "rollback");
			if (commit) expected.set(who, bytes);
		};
		for (const [i, who] of people.slice(0, 12).entries()) {
			if (i % 4 === 0) await c.query("checkpoint");
			await answer(who, randomBytes(612));
		}
		const ctidOf = async (who: string) =>
			(
				await c.query("select ctid::text from person where employee_id = $1", [
					who,
				])
			).rows[0].ctid as string;
		// Page 3 is full and untouched: a row grown by 400 bytes cannot stay on it.
		const mover = people[35] as string;
		const before = await ctidOf(mover);
		await answer(mover, randomBytes(612), `responded ${"y".repeat(400)}`);
		moved = { who: mover, from: before, to: await ctidOf(mover) };
		aborted = people[13] as string;
		await answer(aborted, randomBytes(612), "responded", false);
		for (const who of people.slice(14, 17))
			await answer(who, randomBytes(7000));
		const end = await pin.flushed();
		const archive = await copyWalArchive(pin.layout, pin.start, end);
		await pin.release();
		try {
			const records = await runWaldump({
				waldump: await findPgWaldump(pin.serverMajor),
				walDir: archive.dir,
				timeline: archive.timeline,
				start: pin.start,
				end,
				rmgrs: ["Heap", "Transaction"],
			});
			const nodes = (
				await c.query(
					`select (select oid from pg_database where datname = current_database())::int as database,
					        pg_relation_filenode('person')::int as invitation, pg_relation_filenode('ballot')::int as ballot`,
				)
			).rows[0];
			linkage = linkWalBallots({
				records,
				segments: new WalSegments(archive),
				...nodes,
				ballotColumnOffset: await varlenaColumnOffset(c, "ballot", "sealed"),
				invitationAt,
			});
			const size = BigInt(walPageSize);
			crossing = linkage.links.filter((l) => {
				const rec = records.find((r) => r.lsn === l.lsn);
				return rec && (l.lsn % size) + BigInt(rec.totalLength) > size;
			}).length;
		} finally {
			await rm(archive.dir, { recursive: true, force: true });
		}
	}, 120_000);

	afterAll(async () => {
		await c?.end();
		await db?.drop();
	});

	it("links each committed flip to the exact bytes its transaction inserted, and nothing else", () => {
		const got = new Map(linkage.links.map((l) => [l.employeeId, l.stored]));
		expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
		for (const [who, bytes] of expected)
			expect(got.get(who)?.equals(bytes)).toBe(true);
		expect(got.has(aborted)).toBe(false);
		expect(linkage.untracedUpdates).toBe(0);
	});

	it("reads ballots from the tuple and from full-page images, across WAL page boundaries", () => {
		const from = (k: string) =>
			linkage.links.filter((l) => l.from === k).length;
		expect(from("tuple")).toBeGreaterThan(0);
		expect(from("page-image")).toBeGreaterThan(0);
		expect(crossing).toBeGreaterThan(0);
	});

	it("follows a row that an update moved to another page", () => {
		const block = (ctid: string) => ctid.replace(/[()]/g, "").split(",")[0];
		expect(block(moved.to)).not.toBe(block(moved.from));
		expect(
			linkage.links.find((l) => l.employeeId === moved.who)?.stored,
		).toEqual(expected.get(moved.who));
	});
});
