/**
 * Secondary (complementary) suppression with the insider (n − 1) margin, docs/privacy-tests.md §2.5 Step 3.
 *
 * Lines are every row (its n is published) and, when the organisation totals are known, every column together with
 * its organisation total (the margin). A line needs another suppression while it has exactly one hidden entry (it
 * could be worked out from the line's total) or its hidden mass is below k + 1 (an insider who subtracts their own
 * answer must still face at least k unknown answers).
 */

/** One shown-or-hidden cell of a row: a category, or several under a collapse scheme. */
export type Unit = {
	key: string;
	members: string[];
	value: number;
	suppressed: boolean;
	/** Hidden as a complement rather than for being small (primary) or part of a hidden row. */
	secondary: boolean;
};

/** A row while it is being protected. */
export type WorkRow = {
	name: string;
	members: string[];
	counts: Record<string, number>;
	n: number;
	units: Unit[];
	collapsed: boolean;
	hidden: "too-few" | "homogeneous" | null;
};

/** The unit of `row` that holds category c. */
export function unitOf(row: WorkRow, c: string): Unit {
	const unit = row.units.find((u) => u.members.includes(c));
	if (!unit) throw new RangeError(`row ${row.name} has no cell for ${c}`);
	return unit;
}

/** True when the count of category c in `row` cannot be read off the row (suppressed, or inside a collapsed cell). */
export function hiddenIn(row: WorkRow, c: string): boolean {
	const unit = unitOf(row, c);
	return unit.suppressed || unit.members.length > 1;
}

type Entry = { unit: Unit; value: number; rank: number };

/** Smallest non-zero entry first; among equals, those whose perpendicular line already has a suppression. */
function byPreference(a: Entry, b: Entry): number {
	return (
		Number(a.value === 0) - Number(b.value === 0) ||
		a.rank - b.rank ||
		a.value - b.value
	);
}

/**
 * The entry to hide next in a line, or null when the line is safe or nothing useful is left.
 * `margin` (a column's organisation total) is hidden only once no non-zero cell is left; zeros add no mass,
 * so they are hidden only to break a lone suppression.
 */
function pick(
	entries: Entry[],
	hiddenCount: number,
	mass: number,
	k: number,
	margin: Entry | null,
): Unit | null {
	if (hiddenCount === 0 || (hiddenCount > 1 && mass >= k + 1)) return null;
	const open = entries.filter((e) => !e.unit.suppressed).sort(byPreference);
	const nonZero = open.filter((e) => e.value > 0);
	if (nonZero[0]) return nonZero[0].unit;
	if (margin && !margin.unit.suppressed) return margin.unit;
	if (hiddenCount === 1 && open[0]) return open[0].unit;
	return null;
}

/** Applies the line rules until nothing changes. Returns true when anything was hidden. */
export function suppressSecondary(
	rows: WorkRow[],
	total: WorkRow,
	categories: readonly string[],
	k: number,
	columnLines: boolean,
): boolean {
	const all = [...rows, total];
	const columnHidden = (c: string, except: WorkRow) =>
		all.some((r) => r !== except && hiddenIn(r, c));
	let any = false;
	const hide = (u: Unit) => {
		u.suppressed = true;
		u.secondary = true;
		any = true;
	};
	for (let changed = true; changed; ) {
		changed = false;
		for (const row of all) {
			for (;;) {
				const hidden = row.units.filter((u) => u.suppressed);
				const entries = row.units.map((u) => ({
					unit: u,
					value: u.value,
					rank: u.members.some((c) => columnHidden(c, row)) ? 0 : 1,
				}));
				const mass = hidden.reduce((s, u) => s + u.value, 0);
				const next = pick(entries, hidden.length, mass, k, null);
				if (!next) break;
				hide(next);
				changed = true;
			}
		}
		const marginShown = total.units.some((u) => !u.suppressed);
		if (!columnLines || !marginShown) continue;
		for (const c of categories) {
			for (;;) {
				const entries = rows.map((r) => ({
					unit: unitOf(r, c),
					value: r.counts[c] ?? 0,
					rank: r.units.some((u) => u.suppressed) ? 0 : 1,
				}));
				const hidden = rows.filter((r) => hiddenIn(r, c));
				const singles = entries.filter((e) => e.unit.members.length === 1);
				const marginUnit = unitOf(total, c);
				const margin =
					marginUnit.members.length === 1
						? { unit: marginUnit, value: total.counts[c] ?? 0, rank: 0 }
						: null;
				const hiddenCount = hidden.length + Number(hiddenIn(total, c));
				const mass = hidden.reduce((s, r) => s + (r.counts[c] ?? 0), 0);
				const next = pick(singles, hiddenCount, mass, k, margin);
				if (!next) break;
				hide(next);
				changed = true;
			}
		}
	}
	return any;
}
