import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	segmentFileName,
	type WalLayout,
	WalSegments,
	walPageSize,
} from "./wal/wal-segments.js";

// Hand-built segments (1 MB, the smallest wal_segment_size): a record that runs over four WAL pages
// and out of one segment into the next must come back byte for byte, with the 24-byte page headers
// and the next segment's 40-byte long header stepped over; a recycled segment is refused.
describe("WAL segment reader", () => {
	const segmentSize = 1 << 20;
	const firstSegment = 0x1_0000_0005n;
	const start = firstSegment * BigInt(segmentSize) + BigInt(segmentSize - 5000);
	const record = randomBytes(20_000);
	let layout: WalLayout;

	function segmentWith(
		segno: bigint,
		pageAddress = (page: number) =>
			segno * BigInt(segmentSize) + BigInt(page * walPageSize),
	) {
		const seg = Buffer.alloc(segmentSize);
		for (let page = 0; page < segmentSize / walPageSize; page++) {
			const at = page * walPageSize;
			const address = pageAddress(page);
			seg.writeUInt16LE(0xd110, at);
			seg.writeUInt16LE(page === 0 ? 0x0002 : 0, at + 2);
			seg.writeUInt32LE(1, at + 4);
			seg.writeUInt32LE(Number(address & 0xffffffffn), at + 8);
			seg.writeUInt32LE(Number(address >> 32n), at + 12);
		}
		return seg;
	}

	beforeAll(async () => {
		layout = {
			dir: await mkdtemp(path.join(os.tmpdir(), "census-wal-segments-")),
			timeline: 1,
			segmentSize,
		};
		const a = segmentWith(firstSegment);
		const b = segmentWith(firstSegment + 1n);
		// 5000 bytes end the first segment; the rest follows each header of the second.
		record.copy(a, segmentSize - 5000, 0, 5000);
		let done = 5000;
		for (let page = 0; done < record.length; page++) {
			const header = page === 0 ? 40 : 24;
			const take = Math.min(record.length - done, walPageSize - header);
			record.copy(b, page * walPageSize + header, done, done + take);
			done += take;
		}
		await writeFile(path.join(layout.dir, segmentFileName(layout, start)), a);
		await writeFile(
			path.join(
				layout.dir,
				segmentFileName(layout, (firstSegment + 1n) * BigInt(segmentSize)),
			),
			b,
		);
	});

	afterAll(async () => {
		await rm(layout.dir, { recursive: true, force: true });
	});

	it("names segments the way PostgreSQL does", () => {
		expect(segmentFileName(layout, start)).toBe("000000010010000000000005");
		expect(
			segmentFileName({ ...layout, segmentSize: 16 << 20 }, 0x2_0123_4567n),
		).toBe("000000010000000200000001");
	});

	it("reads a record across pages and into the next segment, byte for byte", () => {
		expect(
			new WalSegments(layout).readRecord(start, record.length).equals(record),
		).toBe(true);
	});

	it("refuses a segment whose pages carry another address (recycled)", async () => {
		const stale = segmentWith(firstSegment + 1n, (page) =>
			BigInt(page * walPageSize),
		);
		await writeFile(
			path.join(
				layout.dir,
				segmentFileName(layout, (firstSegment + 1n) * BigInt(segmentSize)),
			),
			stale,
		);
		expect(() =>
			new WalSegments(layout).readRecord(start, record.length),
		).toThrow(/recycled/);
	});
});
