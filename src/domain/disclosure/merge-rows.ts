/**
 * Merging small rows before anything is blanked (R5, docs/privacy-tests.md §2.5 Step 1: "roll it up so the answers
 * still count").
 */

/** A row of counts together with the original rows it stands for. */
export type MergedRow = {
	name: string;
	members: string[];
	counts: Record<string, number>;
	n: number;
};

/** "A", "A and B", "A, B and C". */
export function joinNames(names: readonly string[]): string {
	if (names.length <= 1) return names[0] ?? "";
	return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

function combine(
	name: string,
	parts: readonly MergedRow[],
	categories: readonly string[],
): MergedRow {
	const counts: Record<string, number> = {};
	for (const c of categories)
		counts[c] = parts.reduce((sum, p) => sum + (p.counts[c] ?? 0), 0);
	return {
		name,
		members: parts.flatMap((p) => p.members),
		counts,
		n: parts.reduce((sum, p) => sum + p.n, 0),
	};
}

/** True when a row cannot stand alone: fewer than k answers, or (as decided by the caller) nothing showable. */
export type WeakRow = (row: MergedRow) => boolean;

/**
 * Ordered rows (grades): while some row is weak and more than one row is left, take the smallest such row
 * (the most junior on ties) and merge it with its smaller neighbour (the more junior one on ties).
 */
function mergeOrdered(
	rows: MergedRow[],
	weak: WeakRow,
	categories: readonly string[],
): MergedRow[] {
	const out = [...rows];
	while (out.length > 1) {
		let i = -1;
		out.forEach((r, j) => {
			const current = out[i];
			if (weak(r) && (current === undefined || r.n < current.n)) i = j;
		});
		if (i < 0) break;
		const before = out[i - 1];
		const after = out[i + 1];
		const j =
			before === undefined
				? i + 1
				: after === undefined || before.n <= after.n
					? i - 1
					: i + 1;
		const lo = Math.min(i, j);
		const pair = out.slice(lo, lo + 2);
		out.splice(
			lo,
			2,
			combine(joinNames(pair.flatMap((p) => p.members)), pair, categories),
		);
	}
	return out;
}

/**
 * Unordered rows (departments): every weak row goes into one "Other" row at the end; if that is still weak, it
 * is merged into the smallest remaining row.
 */
function mergeUnordered(
	rows: MergedRow[],
	weak: WeakRow,
	categories: readonly string[],
	otherName: string,
): MergedRow[] {
	// A row already called like the catch-all (e.g. departments merged at launch) joins it rather than sit beside it.
	const joins = (r: MergedRow) => weak(r) || r.name === otherName;
	const small = rows.filter(joins);
	if (!small.some(weak)) return rows;
	const big = rows.filter((r) => !joins(r));
	const other = combine(otherName, small, categories);
	if (big.length === 0) return small.length === 1 ? small : [other];
	if (!weak(other)) return [...big, other];
	let smallest = big[0] as MergedRow;
	for (const r of big) if (r.n < smallest.n) smallest = r;
	const name =
		small.length === 1
			? joinNames([...smallest.members, ...other.members])
			: `${smallest.name} and Other`;
	const merged = combine(name, [smallest, other], categories);
	return big.map((r) => (r === smallest ? merged : r));
}

/**
 * Merges rows with fewer than k answers (R5), or that `weak` says cannot stand alone. Rows that were not merged
 * keep their name and order.
 */
export function mergeRows(
	rows: readonly { name: string; counts: Record<string, number> }[],
	categories: readonly string[],
	k: number,
	ordered: boolean,
	weak: WeakRow = (r) => r.n < k,
	otherName = "Other",
): MergedRow[] {
	const start = rows.map((r): MergedRow => {
		const counts: Record<string, number> = {};
		for (const c of categories) counts[c] = r.counts[c] ?? 0;
		const n = categories.reduce((sum, c) => sum + (counts[c] ?? 0), 0);
		return { name: r.name, members: [r.name], counts, n };
	});
	const isWeak: WeakRow = (r) => r.n < k || weak(r);
	return ordered
		? mergeOrdered(start, isWeak, categories)
		: mergeUnordered(start, isWeak, categories, otherName);
}
