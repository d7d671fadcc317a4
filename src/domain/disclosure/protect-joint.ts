import {
	auditJoint,
	type CrossCell,
	type JointFailure,
} from "./audit-joint.js";
import type {
	CollapseGroup,
	CountTable,
	ProtectedTable,
} from "./disclosure-types.js";
import { protectTable, TOTAL_NAME } from "./protect-table.js";

/** Two one-way tables of the same answers, by reporting group (a) and by grade (b), and their cross counts. */
export type JointTables = {
	a: CountTable;
	b: CountTable;
	cross: readonly CrossCell[];
};

export type JointOptions = {
	k: number;
	collapse?: CollapseGroup[];
	/** Name of the row small rows of table a are merged into. */
	otherName?: string;
	/** Rows of table b are ordered (grades): merge small ones into a neighbour. */
	orderedB?: boolean;
	/** Published rows to withhold from the start (e.g. refused by the release ledger), by table. */
	withholdA?: readonly string[];
	withholdB?: readonly string[];
};

export type JointResult = {
	a: ProtectedTable;
	b: ProtectedTable;
	/** Rows withheld because the joint audit found them narrowing a hidden count, for the record. */
	withheld: { a: string[]; b: string[] };
	/** Rounds of protect → audit it took. */
	rounds: number;
};

const shows = (t: ProtectedTable, name: string) => {
	const row =
		name === TOTAL_NAME ? t.total : t.rows.find((r) => r.name === name);
	return !!row && Object.values(row.cells).some((c) => c.percent !== null);
};

/**
 * Protects both tables as published together (docs/privacy-tests.md §2.5: "audit the union of everything
 * published"). Each table is protected on its own (`protectTable`, with row totals known), then `auditJoint`
 * checks them together with the known group × grade counts; each failure withholds one more row, nearest to the
 * failing count first, until the joint audit passes. Each round withholds a row that showed something, so this
 * ends after at most (rows of a + rows of b + 1) rounds.
 */
export function protectJoint(
	tables: JointTables,
	opts: JointOptions,
): JointResult {
	const withholdA = new Set(opts.withholdA ?? []);
	const withholdB = new Set(opts.withholdB ?? []);
	const extra = { a: [] as string[], b: [] as string[] };
	const base = {
		k: opts.k,
		knownRowTotals: true,
		...(opts.collapse ? { collapse: opts.collapse } : {}),
	};
	for (let rounds = 1; ; rounds++) {
		const a = protectTable(tables.a, {
			...base,
			...(opts.otherName ? { otherName: opts.otherName } : {}),
			withhold: [...withholdA],
		});
		const b = protectTable(tables.b, {
			...base,
			orderedRows: opts.orderedB ?? false,
			withhold: [...withholdB],
		});
		const audit = auditJoint(
			{ table: tables.a, published: a },
			{ table: tables.b, published: b },
			tables.cross,
			opts.k,
		);
		const failure = audit.failures[0];
		if (!failure) return { a, b, withheld: extra, rounds };
		const next = nextToWithhold(failure, a, b, tables.cross);
		if (!next)
			throw new Error(
				"joint audit fails with every row withheld: the inputs are inconsistent",
			);
		(next.side === "a" ? withholdA : withholdB).add(next.name);
		extra[next.side].push(next.name);
	}
}

/** Overlap (respondents in common) between a published row of a and one of b. */
function overlap(
	cross: readonly CrossCell[],
	a: ProtectedTable,
	b: ProtectedTable,
): (rowA: string, rowB: string) => number {
	const intoA = new Map<string, string>();
	for (const m of a.merged) for (const f of m.from) intoA.set(f, m.into);
	const intoB = new Map<string, string>();
	for (const m of b.merged) for (const f of m.from) intoB.set(f, m.into);
	const sums = new Map<string, number>();
	for (const cell of cross) {
		const key = `${intoA.get(cell.a) ?? cell.a}\u0000${intoB.get(cell.b) ?? cell.b}`;
		const n = Object.values(cell.counts).reduce((s, v) => s + v, 0);
		sums.set(key, (sums.get(key) ?? 0) + n);
	}
	return (rowA, rowB) => sums.get(`${rowA}\u0000${rowB}`) ?? 0;
}

/**
 * The row to withhold after a failure: the failing count's own rows first (department before grade, so that
 * the grade table, which carries the progression analysis, survives longest), then the rows of the other table
 * that share most people with it, then the organisation total.
 */
function nextToWithhold(
	f: JointFailure,
	a: ProtectedTable,
	b: ProtectedTable,
	cross: readonly CrossCell[],
): { side: "a" | "b"; name: string } | null {
	const common = overlap(cross, a, b);
	const candidates: { side: "a" | "b"; name: string }[] = [];
	const byOverlapB = (rowA: string) =>
		b.rows.map((r) => r.name).sort((x, y) => common(rowA, y) - common(rowA, x));
	const byOverlapA = (rowB: string) =>
		a.rows.map((r) => r.name).sort((x, y) => common(y, rowB) - common(x, rowB));
	if (f.a) candidates.push({ side: "a", name: f.a });
	if (f.b) {
		for (const name of byOverlapA(f.b)) candidates.push({ side: "a", name });
		candidates.push({ side: "b", name: f.b });
	}
	if (f.a)
		for (const name of byOverlapB(f.a)) candidates.push({ side: "b", name });
	for (const r of a.rows) candidates.push({ side: "a", name: r.name });
	for (const r of b.rows) candidates.push({ side: "b", name: r.name });
	candidates.push({ side: "a", name: TOTAL_NAME });
	candidates.push({ side: "b", name: TOTAL_NAME });
	return candidates.find((c) => shows(c.side === "a" ? a : b, c.name)) ?? null;
}
