import { decodeWalRecord } from "./decode-wal-record.js";
import { insertedBytea } from "./inserted-bytea.js";
import type { Lsn } from "./lsn.js";
import type { WaldumpRecord } from "./parse-waldump.js";
import type { WalSegments } from "./wal-segments.js";

/** RM_HEAP_ID in PostgreSQL 15. */
const heapRmid = 10;
const updateDesc =
	/^(?:HOT_)?UPDATE(?:\+INIT)? off (\d+) xmax \d+ flags 0x[0-9A-Fa-f]+ ; new off (\d+)/;

/** What the attacker needs to read the WAL of one database. */
export type WalLinkInput = {
	/** Heap and Transaction records of `[start, end)`, in WAL order. */
	records: readonly WaldumpRecord[];
	segments: WalSegments;
	/** The database's OID and the relfilenodes of the two tables. */
	database: number;
	invitation: number;
	ballot: number;
	/** Where `sealed_ballot.sealed` starts in a tuple's data (see varlenaColumnOffset). */
	ballotColumnOffset: number;
	/** From the base backup taken before the drive: invitation ctid (`block,offset`) → employee id. */
	invitationAt: ReadonlyMap<string, string>;
};

/** A person tied to the stored ballot bytes their answer inserted. */
export type WalLink = {
	employeeId: string;
	stored: Buffer;
	xid: number;
	lsn: Lsn;
	from: "tuple" | "page-image";
};

export type WalLinkage = {
	links: WalLink[];
	invitationUpdates: number;
	/** Invitation updates whose old row was at no ctid the attacker knew. */
	untracedUpdates: number;
	ballotInserts: number;
	committed: number;
};

type Txn = { employees: (string | undefined)[]; inserts: WaldumpRecord[] };

/**
 * The linkage: follows every invitation row from its base-backup ctid through each UPDATE/HOT_UPDATE
 * (old ctid → new ctid; block #0 is the new page, #1 the old one when it differs), and pairs the one
 * invitation update of each committed transaction with the one sealed_ballot INSERT of the same
 * transaction, whose stored bytes it reads from the record (tuple or full-page image).
 */
export function linkWalBallots(input: WalLinkInput): WalLinkage {
	const at = new Map(input.invitationAt);
	const txns = new Map<number, Txn>();
	const committed = new Set<number>();
	const txn = (xid: number) => {
		let t = txns.get(xid);
		if (!t) {
			t = { employees: [], inserts: [] };
			txns.set(xid, t);
		}
		return t;
	};
	let invitationUpdates = 0;
	let untracedUpdates = 0;
	let ballotInserts = 0;
	for (const r of input.records) {
		if (r.rmgr === "Transaction") {
			if (r.desc.startsWith("COMMIT")) committed.add(r.xid);
			continue;
		}
		if (r.rmgr !== "Heap") continue;
		const b0 = r.blocks.find((b) => b.id === 0);
		if (!b0 || b0.database !== input.database || b0.fork !== "main") continue;
		if (b0.relfilenode === input.invitation) {
			const m = updateDesc.exec(r.desc);
			if (!m) continue;
			invitationUpdates++;
			const oldBlock = r.blocks.find((b) => b.id === 1)?.block ?? b0.block;
			const from = `${oldBlock},${m[1]}`;
			const to = `${b0.block},${m[2]}`;
			const employee = at.get(from);
			if (employee) {
				at.delete(from);
				at.set(to, employee);
			} else untracedUpdates++;
			txn(r.xid).employees.push(employee);
		} else if (
			b0.relfilenode === input.ballot &&
			/^INSERT(\+INIT)? /.test(r.desc)
		) {
			ballotInserts++;
			txn(r.xid).inserts.push(r);
		}
	}
	const links: WalLink[] = [];
	for (const [xid, t] of txns) {
		if (!committed.has(xid)) continue;
		const [employeeId] = t.employees;
		const [insert] = t.inserts;
		if (t.employees.length !== 1 || t.inserts.length !== 1) continue;
		if (!employeeId || !insert) continue;
		const decoded = decodeWalRecord(
			input.segments.readRecord(insert.lsn, insert.totalLength),
		);
		if (decoded.xid !== xid || decoded.rmid !== heapRmid)
			throw new Error(
				`the record at ${insert.lsn.toString(16)} is not the heap INSERT pg_waldump listed`,
			);
		const { bytes, from } = insertedBytea(decoded, input.ballotColumnOffset);
		links.push({ employeeId, stored: bytes, xid, lsn: insert.lsn, from });
	}
	links.sort((a, b) => (a.lsn < b.lsn ? -1 : 1));
	return {
		links,
		invitationUpdates,
		untracedUpdates,
		ballotInserts,
		committed: committed.size,
	};
}
