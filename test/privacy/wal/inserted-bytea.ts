import { type DecodedWalRecord, pageFromImage } from "./decode-wal-record.js";

/** SizeofHeapTupleHeader: the tuple header up to its null bitmap (htup_details.h). */
const tupleHeaderSize = 23;
/** xl_heap_header: t_infomask2, t_infomask, t_hoff, which stand in for the header in an INSERT's data. */
const walTupleHeaderSize = 5;
const pageHeaderSize = 24;
const lineFlagNormal = 1;

/** The value of a bytea column in a heap INSERT, and where the record carried it. */
export type InsertedBytea = { bytes: Buffer; from: "tuple" | "page-image" };

/**
 * Takes the bytes of a bytea column out of a heap INSERT record: from the tuple the record carries,
 * or, when the record carries a full-page image instead (the first change to a page after a
 * checkpoint), from that page at the inserted line pointer. `columnOffset` is where the column starts
 * in the tuple's data (after t_hoff): the sum of the fixed-width columns before it, which the schema
 * gives. Only an uncompressed inline varlena is read; anything else is an error.
 */
export function insertedBytea(
	record: DecodedWalRecord,
	columnOffset: number,
): InsertedBytea {
	const offnum = record.mainData.readUInt16LE(0);
	const block = record.blocks.find((b) => b.id === 0);
	if (!block) throw new Error("heap INSERT without block 0");
	if (block.data) {
		const tHoff = block.data.readUInt8(4);
		const at = walTupleHeaderSize + (tHoff - tupleHeaderSize) + columnOffset;
		return { bytes: varlenaAt(block.data, at), from: "tuple" };
	}
	if (!block.image)
		throw new Error("heap INSERT with neither tuple nor page image");
	const page = pageFromImage(block.image);
	const line = page.readUInt32LE(pageHeaderSize + 4 * (offnum - 1));
	const lpOff = line & 0x7fff;
	const lpFlags = (line >>> 15) & 0x3;
	if (lpFlags !== lineFlagNormal || lpOff === 0)
		throw new Error(`line pointer ${offnum} of the page image is not a tuple`);
	const tHoff = page.readUInt8(lpOff + 22);
	return {
		bytes: varlenaAt(page, lpOff + tHoff + columnOffset),
		from: "page-image",
	};
}

function varlenaAt(buf: Buffer, at: number): Buffer {
	const first = buf.readUInt8(at);
	if ((first & 0x03) === 0x00) {
		const length = buf.readUInt32LE(at) >>> 2;
		if (length < 4 || at + length > buf.length)
			throw new Error(`implausible varlena length ${length}`);
		return Buffer.from(buf.subarray(at + 4, at + length));
	}
	if ((first & 0x01) === 0x01 && first !== 0x01) {
		const length = first >>> 1;
		return Buffer.from(buf.subarray(at + 1, at + length));
	}
	throw new Error("the column is compressed or stored out of line (TOAST)");
}
