/** A WAL position (PostgreSQL's `pg_lsn`) as a 64-bit integer. */
export type Lsn = bigint;

/** Reads `X/Y` (hex halves) as PostgreSQL prints an LSN. */
export function parseLsn(text: string): Lsn {
	const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
	if (!m) throw new Error(`not an LSN: ${text}`);
	return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

/** Prints an LSN the way pg_waldump does (`0/021A2B3C`); PostgreSQL reads it back. */
export function formatLsn(lsn: Lsn): string {
	const hi = (lsn >> 32n).toString(16).toUpperCase();
	const lo = (lsn & 0xffffffffn).toString(16).toUpperCase().padStart(8, "0");
	return `${hi}/${lo}`;
}
