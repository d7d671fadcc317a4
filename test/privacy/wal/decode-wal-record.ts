/** PostgreSQL's page size (BLCKSZ). */
export const heapPageSize = 8192;

const recordHeaderSize = 24;
const maxBlockId = 32;
const blockIdOrigin = 253;
const blockIdTopLevelXid = 252;
const blockIdDataLong = 254;
const blockIdDataShort = 255;
const hasImage = 0x10;
const hasData = 0x20;
const sameRel = 0x80;
const imageHasHole = 0x01;
/** BKPIMAGE_COMPRESS_PGLZ | _LZ4 | _ZSTD (PostgreSQL 15). */
const imageCompressed = 0x04 | 0x08 | 0x10;

/** A full-page image as stored: the page with its free "hole" cut out. */
export type PageImage = {
	bytes: Buffer;
	holeOffset: number;
	holeLength: number;
};

/** One block of a decoded record: which page, its image if any, and the data registered for it. */
export type DecodedBlock = {
	id: number;
	relfilenode: { tablespace: number; database: number; relation: number };
	block: number;
	image: PageImage | undefined;
	data: Buffer | undefined;
};

/** A WAL record split into its parts (xlogrecord.h). */
export type DecodedWalRecord = {
	totalLength: number;
	xid: number;
	info: number;
	rmid: number;
	blocks: DecodedBlock[];
	mainData: Buffer;
};

/**
 * Decodes a whole WAL record (its header, block headers, then each block's image and data, then the
 * main data), as PostgreSQL 15's DecodeXLogRecord lays it out. Throws on anything inconsistent.
 */
export function decodeWalRecord(raw: Buffer): DecodedWalRecord {
	const totalLength = raw.readUInt32LE(0);
	if (totalLength !== raw.length)
		throw new Error(`record says ${totalLength} bytes, ${raw.length} given`);
	const headers: (Omit<DecodedBlock, "image" | "data"> & {
		dataLength: number;
		image?: { length: number; holeOffset: number; holeLength: number };
	})[] = [];
	let pos = recordHeaderSize;
	let mainLength = 0;
	while (pos < totalLength) {
		const id = raw.readUInt8(pos);
		if (id === blockIdDataShort) {
			mainLength = raw.readUInt8(pos + 1);
			pos += 2;
			break;
		}
		if (id === blockIdDataLong) {
			mainLength = raw.readUInt32LE(pos + 1);
			pos += 5;
			break;
		}
		if (id === blockIdOrigin) {
			pos += 3;
			continue;
		}
		if (id === blockIdTopLevelXid) {
			pos += 5;
			continue;
		}
		if (id > maxBlockId) throw new Error(`bad block id ${id}`);
		const flags = raw.readUInt8(pos + 1);
		const dataLength = raw.readUInt16LE(pos + 2);
		pos += 4;
		let image:
			| { length: number; holeOffset: number; holeLength: number }
			| undefined;
		if (flags & hasImage) {
			const length = raw.readUInt16LE(pos);
			const holeOffset = raw.readUInt16LE(pos + 2);
			const info = raw.readUInt8(pos + 4);
			pos += 5;
			if (info & imageCompressed)
				throw new Error(
					"the WAL holds compressed page images (wal_compression is on): decompression is not implemented",
				);
			const holeLength = info & imageHasHole ? heapPageSize - length : 0;
			image = { length, holeOffset, holeLength };
		}
		let relfilenode = headers.at(-1)?.relfilenode;
		if (!(flags & sameRel)) {
			relfilenode = {
				tablespace: raw.readUInt32LE(pos),
				database: raw.readUInt32LE(pos + 4),
				relation: raw.readUInt32LE(pos + 8),
			};
			pos += 12;
		}
		if (!relfilenode) throw new Error("SAME_REL on the first block");
		const block = raw.readUInt32LE(pos);
		pos += 4;
		headers.push({
			id,
			relfilenode,
			block,
			dataLength: flags & hasData ? dataLength : 0,
			...(image ? { image } : {}),
		});
	}
	const blocks: DecodedBlock[] = headers.map((h) => {
		let image: PageImage | undefined;
		if (h.image) {
			image = {
				bytes: raw.subarray(pos, pos + h.image.length),
				holeOffset: h.image.holeOffset,
				holeLength: h.image.holeLength,
			};
			pos += h.image.length;
		}
		const data =
			h.dataLength > 0 ? raw.subarray(pos, pos + h.dataLength) : undefined;
		pos += h.dataLength;
		return {
			id: h.id,
			relfilenode: h.relfilenode,
			block: h.block,
			image,
			data,
		};
	});
	const mainData = raw.subarray(pos, pos + mainLength);
	pos += mainLength;
	if (pos !== totalLength)
		throw new Error(`record of ${totalLength} bytes decoded to ${pos}`);
	return {
		totalLength,
		xid: raw.readUInt32LE(4),
		info: raw.readUInt8(16),
		rmid: raw.readUInt8(17),
		blocks,
		mainData,
	};
}

/** The page a full-page image stands for, with its hole filled with zeros. */
export function pageFromImage(image: PageImage): Buffer {
	const page = Buffer.alloc(heapPageSize);
	image.bytes.copy(page, 0, 0, image.holeOffset);
	image.bytes.copy(page, image.holeOffset + image.holeLength, image.holeOffset);
	return page;
}
