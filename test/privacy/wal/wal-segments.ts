import { readFileSync } from "node:fs";
import path from "node:path";
import type { Lsn } from "./lsn.js";

/** XLOG_BLCKSZ: the WAL is written in pages of this size, each starting with a page header. */
export const walPageSize = 8192;
/** XLP_LONG_HEADER: the page header is the long one (first page of a segment). */
const longHeaderFlag = 0x0002;
const shortHeaderSize = 24;
const longHeaderSize = 40;

/** Where the WAL's segment files are, and how they are cut. */
export type WalLayout = {
	dir: string;
	timeline: number;
	/** `wal_segment_size` in bytes (16 MB by default). */
	segmentSize: number;
};

/** The file name of the segment holding `lsn` (`TTTTTTTTXXXXXXXXYYYYYYYY`). */
export function segmentFileName(layout: WalLayout, lsn: Lsn): string {
	const size = BigInt(layout.segmentSize);
	const segno = lsn / size;
	const perId = 0x100000000n / size;
	const hex = (n: bigint | number) =>
		n.toString(16).toUpperCase().padStart(8, "0");
	return `${hex(layout.timeline)}${hex(segno / perId)}${hex(segno % perId)}`;
}

/**
 * Reads whole WAL records out of segment files the way recovery does: from an LSN, for the record's
 * total length, stepping over the page header at every 8 KB boundary (40 bytes on a segment's first
 * page, 24 elsewhere) and into the next segment when one ends. Each page's own address is checked, so
 * a recycled segment holding older WAL is refused rather than misread.
 */
export class WalSegments {
	private readonly cache = new Map<string, Buffer>();

	constructor(private readonly layout: WalLayout) {}

	/** The `length` bytes of the record that starts at `lsn`. */
	readRecord(lsn: Lsn, length: number): Buffer {
		const out = Buffer.alloc(length);
		let done = 0;
		let pos = lsn;
		const size = BigInt(this.layout.segmentSize);
		while (done < length) {
			const segment = this.segment(pos);
			const segmentStart = pos - (pos % size);
			let offset = Number(pos - segmentStart);
			const pageStart = offset - (offset % walPageSize);
			const header = this.pageHeaderSize(
				segment,
				pageStart,
				segmentStart + BigInt(pageStart),
			);
			// A record that goes on past a page resumes after the next page's header.
			if (offset === pageStart) offset += header;
			const take = Math.min(length - done, pageStart + walPageSize - offset);
			segment.copy(out, done, offset, offset + take);
			done += take;
			pos = segmentStart + BigInt(offset + take);
		}
		return out;
	}

	private pageHeaderSize(
		segment: Buffer,
		offset: number,
		pageLsn: Lsn,
	): number {
		const info = segment.readUInt16LE(offset + 2);
		const address =
			(BigInt(segment.readUInt32LE(offset + 12)) << 32n) |
			BigInt(segment.readUInt32LE(offset + 8));
		if (address !== pageLsn)
			throw new Error(
				`WAL page at ${pageLsn.toString(16)} holds address ${address.toString(16)}: the segment was recycled or is not this timeline's`,
			);
		return info & longHeaderFlag ? longHeaderSize : shortHeaderSize;
	}

	private segment(lsn: Lsn): Buffer {
		const name = segmentFileName(this.layout, lsn);
		let data = this.cache.get(name);
		if (!data) {
			data = readFileSync(path.join(this.layout.dir, name));
			if (data.length !== this.layout.segmentSize)
				throw new Error(
					`WAL segment ${name} is ${data.length} bytes, expected ${this.layout.segmentSize}`,
				);
			if (this.cache.size >= 2) this.cache.clear();
			this.cache.set(name, data);
		}
		return data;
	}
}
