import { describe, expect, it } from "vitest";
import { findPgWaldump } from "./wal/find-pg-waldump.js";
import { formatLsn, parseLsn } from "./wal/lsn.js";
import { parseWaldump } from "./wal/parse-waldump.js";

// Lines as PostgreSQL 15's pg_waldump prints them, with and without -b.
const withB = `rmgr: Heap        len (rec/tot):     65/  1925, tx:        730, lsn: 0/021E1530, prev 0/021DF538, desc: HOT_UPDATE off 3 xmax 730 flags 0x20 ; new off 51 xmax 0
	blkref #0: rel 1663/16387/16393 fork main blk 0 (FPW); hole: offset: 228, length: 6332
rmgr: Heap        len (rec/tot):    104/   104, tx:        731, lsn: 1/02237910, prev 0/02235AA0, desc: UPDATE off 5 xmax 731 flags 0x00 ; new off 2 xmax 0
	blkref #0: rel 1663/16387/16393 fork main blk 7
	blkref #1: rel 1663/16387/16393 fork main blk 3
rmgr: Transaction len (rec/tot):     34/    34, tx:        731, lsn: 1/02237C58, prev 1/02237910, desc: COMMIT 2026-12-05 07:59:43.129184 UTC
`;
const oneLine =
	"rmgr: Heap        len (rec/tot):    704/   704, tx:        730, lsn: 0/021E1CB8, prev 0/021E1530, desc: INSERT+INIT off 1 flags 0x00, blkref #0: rel 1663/16387/16388 blk 0\n";

describe("pg_waldump output", () => {
	it("parses records and their block references, images marked", () => {
		const [hot, moved, commit] = parseWaldump(withB);
		expect(hot).toMatchObject({
			rmgr: "Heap",
			recordLength: 65,
			totalLength: 1925,
			xid: 730,
			lsn: 0x021e1530n,
			desc: "HOT_UPDATE off 3 xmax 730 flags 0x20 ; new off 51 xmax 0",
			blocks: [
				{
					id: 0,
					tablespace: 1663,
					database: 16387,
					relfilenode: 16393,
					fork: "main",
					block: 0,
					fullPage: true,
				},
			],
		});
		expect(moved?.lsn).toBe(0x1_0223_7910n);
		expect(moved?.blocks.map((b) => [b.id, b.block, b.fullPage])).toEqual([
			[0, 7, false],
			[1, 3, false],
		]);
		expect(commit).toMatchObject({ rmgr: "Transaction", xid: 731, blocks: [] });
	});

	it("parses the one-line form, block references after the description", () => {
		const [insert] = parseWaldump(oneLine);
		expect(insert?.desc).toBe("INSERT+INIT off 1 flags 0x00");
		expect(insert?.blocks).toEqual([
			{
				id: 0,
				tablespace: 1663,
				database: 16387,
				relfilenode: 16388,
				fork: "main",
				block: 0,
				fullPage: false,
			},
		]);
	});

	it("refuses a line it does not understand instead of dropping it", () => {
		expect(() =>
			parseWaldump(`${withB}pg_waldump: error: could not find file\n`),
		).toThrow(/unexpected pg_waldump line/);
	});

	it("reads and prints LSNs as PostgreSQL does", () => {
		expect(parseLsn("1/0223791A")).toBe(0x1_0223_791an);
		expect(formatLsn(0x1_0000_0010n)).toBe("1/00000010");
		expect(() => parseLsn("12345")).toThrow(/not an LSN/);
	});

	it("says where it looked when there is no pg_waldump for the server's version", async () => {
		await expect(findPgWaldump(99)).rejects.toThrow(
			/pg_waldump for PostgreSQL 99 not found \(looked at .*postgresql\/99\/bin/,
		);
	});
});
