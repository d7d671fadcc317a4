import type pg from "pg";

const alignment: Record<string, number> = { c: 1, s: 2, i: 4, d: 8 };

/**
 * Where a varlena column starts in a tuple's data (after t_hoff), from the catalog an attacker with a
 * base backup has: the sum of the not-null, fixed-width columns before it, each at its alignment. Throws
 * when a column before it is variable-width or nullable, or when the varlena's position would depend on
 * its header (a short header is not aligned): then no fixed offset exists.
 */
export async function varlenaColumnOffset(
	db: pg.Client,
	table: string,
	column: string,
): Promise<number> {
	const { rows } = await db.query<{
		attname: string;
		attlen: number;
		attalign: string;
		attnotnull: boolean;
	}>(
		`select attname, attlen, attalign, attnotnull from pg_attribute
		 where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum`,
		[table],
	);
	let offset = 0;
	const align = (n: number, a: string) => {
		const by = alignment[a] ?? 1;
		return Math.ceil(n / by) * by;
	};
	for (const a of rows) {
		if (a.attname === column) {
			if (a.attlen !== -1)
				throw new Error(`${table}.${column} is not a varlena`);
			if (align(offset, a.attalign) !== offset)
				throw new Error(
					`${table}.${column} starts at an offset that depends on its header`,
				);
			return offset;
		}
		if (a.attlen <= 0 || !a.attnotnull)
			throw new Error(
				`${table}.${a.attname} before ${column} is not fixed-width and not null`,
			);
		offset = align(offset, a.attalign) + a.attlen;
	}
	throw new Error(`${table} has no column ${column}`);
}
