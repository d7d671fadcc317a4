import { type Lsn, parseLsn } from "./lsn.js";

/** One block a WAL record refers to (`blkref #n: rel spc/db/relfilenode fork F blk B`). */
export type WalBlockRef = {
	id: number;
	tablespace: number;
	database: number;
	relfilenode: number;
	fork: string;
	block: number;
	/** The record carries a full-page image of this block. */
	fullPage: boolean;
};

/** One record as `pg_waldump -b` prints it. */
export type WaldumpRecord = {
	rmgr: string;
	/** Length of the record's own data, and of the whole record with its block images. */
	recordLength: number;
	totalLength: number;
	xid: number;
	lsn: Lsn;
	desc: string;
	blocks: WalBlockRef[];
};

const recordLine =
	/^rmgr: (\S+)\s+len \(rec\/tot\):\s*(\d+)\/\s*(\d+), tx:\s*(\d+), lsn: ([0-9A-F]+\/[0-9A-F]+), prev [0-9A-F]+\/[0-9A-F]+, desc: (.*?)(?:, blkref #.*)?$/;
const blockRef =
	/blkref #(\d+): rel (\d+)\/(\d+)\/(\d+)(?: fork (\w+))? blk (\d+)( \(FPW)?/g;

/**
 * Parses the output of `pg_waldump -b` (each block reference on its own indented line; also accepts
 * the one-line form without `-b`). Throws on a line it does not understand rather than dropping it.
 */
export function parseWaldump(text: string): WaldumpRecord[] {
	const records: WaldumpRecord[] = [];
	for (const line of text.split("\n")) {
		if (line.trim() === "") continue;
		const m = recordLine.exec(line);
		if (m) {
			records.push({
				rmgr: m[1] as string,
				recordLength: Number(m[2]),
				totalLength: Number(m[3]),
				xid: Number(m[4]),
				lsn: parseLsn(m[5] as string),
				desc: m[6] as string,
				// Without -b the block references follow the description on the same line.
				blocks: line.includes(", blkref #")
					? blockRefsIn(line.slice(line.indexOf(", blkref #")))
					: [],
			});
			continue;
		}
		const last = records.at(-1);
		if (last && /^\s+blkref #/.test(line)) {
			last.blocks.push(...blockRefsIn(line));
			continue;
		}
		throw new Error(`unexpected pg_waldump line: ${line}`);
	}
	return records;
}

function blockRefsIn(text: string): WalBlockRef[] {
	return [...text.matchAll(blockRef)].map((b) => ({
		id: Number(b[1]),
		tablespace: Number(b[2]),
		database: Number(b[3]),
		relfilenode: Number(b[4]),
		fork: b[5] ?? "main",
		block: Number(b[6]),
		fullPage: b[7] !== undefined,
	}));
}
