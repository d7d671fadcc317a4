import { type Arc, arcFlowRange } from "./arc-flow-range.js";
import type {
	CountTable,
	ProtectedRow,
	ProtectedTable,
} from "./disclosure-types.js";
import { percentInterval } from "./round-percent.js";

/**
 * The joint audit of two one-way tables published from the same answers (docs/privacy-tests.md §2.5 Step 4 over
 * the union of what is published): one table by reporting group, one by grade, with the respondent count of every
 * group × grade cell known to the reader (roster and participation make it so).
 *
 * Unknowns are the answer counts x[a][b][c] of each (group row, grade row, category). Constraints: each cell's n;
 * every shown share of either table as the interval of counts it allows; the organisation's exact count in every
 * category its total row shows. Audited: every count either table does not show on its own (hidden cells, hidden
 * rows, categories inside a collapsed cell, hidden organisation totals) and every group × grade count below k
 * (a pinned cross cell says something about a handful of identifiable people).
 *
 * Three-way tables are not network problems, so exact integer ranges would need an ILP. This audit is *sound* in
 * the direction that matters: it only passes a count when it has found real integer tables, consistent with
 * everything published, in which the count takes values at least `need` apart. Witnesses come from moving answers
 * between two categories with every other category fixed, which is a network problem solved exactly with
 * `arcFlowRange`. A count it cannot free that way is reported as a failure, so the worst case is hiding more than
 * strictly necessary, never less.
 */

/** A count the audit could not show to be uncertain enough. */
export type JointFailure = {
	/** "a": a row of table a; "b": a row of table b; "cross": a group × grade cell; "total": the organisation. */
	where: "a" | "b" | "cross" | "total";
	a: string | null;
	b: string | null;
	category: string;
	/** Values the count must be able to move across (min(n, 3)). */
	need: number;
	/** How far it was shown to move (up + down), capped at `need`. */
	found: number;
	/** For a row's count: how far down it must be able to go so the row could be non-homogeneous. */
	needDown: number;
	foundDown: number;
};

export type JointAuditResult = {
	ok: boolean;
	failures: JointFailure[];
	checked: number;
};

/** One published table with the counts it was built from. */
export type PublishedSide = { table: CountTable; published: ProtectedTable };

/** Answer counts of one (row of table a, row of table b) cell, by the tables' original row names. */
export type CrossCell = {
	a: string;
	b: string;
	counts: Record<string, number>;
};

const MARGIN = 3;
/** A group × grade count below k must keep at least this many other possible values (fewer when its n is smaller). */
const CROSS_MARGIN = 3;

type Row = {
	row: ProtectedRow;
	counts: Record<string, number>;
	n: number;
};

type Item = {
	/** The arc that carries the count in every network: "a:i", "b:j", "t" or "x:i:j". */
	key: string;
	where: JointFailure["where"];
	a: string | null;
	b: string | null;
	category: string;
	need: number;
	needDown: number;
	up: number;
	down: number;
};

function sumOf(counts: Record<string, number>, cats: readonly string[]) {
	return cats.reduce((s, c) => s + (counts[c] ?? 0), 0);
}

/** Maps original row names to published row names. */
function publishedNameOf(published: ProtectedTable): (name: string) => string {
	const into = new Map<string, string>();
	for (const m of published.merged) for (const f of m.from) into.set(f, m.into);
	return (name) => into.get(name) ?? name;
}

function unitsOf(row: ProtectedRow, published: ProtectedTable) {
	return row.collapsed && published.collapse
		? published.collapse
		: published.categories.map((c) => ({ name: c, from: [c] }));
}

/** The interval a reader can put on a shown unit, or null when it is hidden. */
function shownInterval(
	row: ProtectedRow,
	unit: string,
	value: number,
	exact: boolean,
): { lo: number; hi: number } | null {
	const percent = row.cells[unit]?.percent ?? null;
	if (percent === null) return null;
	if (exact) return { lo: value, hi: value };
	if (row.n === null || row.step === null)
		throw new RangeError(`row ${row.name} shows a share without n`);
	return percentInterval(percent, row.n, row.step);
}

/**
 * How far x_c of a row may move (δ, with x_c2 moving by −δ and every other category fixed) without leaving
 * any interval the row publishes.
 */
function deltaBounds(
	r: Row,
	published: ProtectedTable,
	c: string,
	c2: string,
	exact: boolean,
): { lo: number; hi: number } {
	let lo = Number.NEGATIVE_INFINITY;
	let hi = Number.POSITIVE_INFINITY;
	for (const u of unitsOf(r.row, published)) {
		const hasC = u.from.includes(c);
		const hasC2 = u.from.includes(c2);
		if (hasC === hasC2) continue;
		const value = sumOf(r.counts, u.from);
		const iv = shownInterval(r.row, u.name, value, exact);
		if (!iv) continue;
		if (hasC) {
			lo = Math.max(lo, iv.lo - value);
			hi = Math.min(hi, iv.hi - value);
		} else {
			lo = Math.max(lo, value - iv.hi);
			hi = Math.min(hi, value - iv.lo);
		}
	}
	return { lo, hi };
}

/** Need of a (row, category) that the row does not show on its own, or 0 when the row shows it. */
function needOf(r: Row, published: ProtectedTable, c: string): number {
	const unit = unitsOf(r.row, published).find((u) => u.from.includes(c));
	if (!unit) throw new RangeError(`row ${r.row.name} has no cell for ${c}`);
	const shown = r.row.cells[unit.name]?.percent != null;
	if (shown && unit.from.length === 1) return 0;
	if (shown) return Math.min(sumOf(r.counts, unit.from), MARGIN);
	return Math.min(r.n, MARGIN);
}

/**
 * A hidden row must not be provably homogeneous: each category's count must be able to fall to n − 3, where the
 * row would have been publishable (R4). So a reader learns nothing about the row we would not have shown.
 */
function needDownOf(r: Row, c: string): number {
	return Math.max(0, (r.counts[c] ?? 0) - Math.max(r.n - MARGIN, 0));
}

type Cells = Record<string, number>[][];

/** The true cross table and the rows both tables build from it: what the audit moves answers within. */
type JointModel = {
	a: PublishedSide;
	b: PublishedSide;
	categories: readonly string[];
	/** Answer counts of every (published row of a, published row of b) cell. */
	X: Cells;
	rowsA: Row[];
	rowsB: Row[];
	totalA: Row;
	totalB: Row;
};

type Network = {
	arcs: Arc[];
	/** Which arc carries each watched count: "a:i", "b:j", "t", "x:i:j". */
	arcOf: Map<string, number>;
	/** Cross arcs, to read a shifted circulation back into cells. */
	crossArcs: { arc: number; i: number; j: number }[];
};

const SOURCE = 0;
const SINK = 1;

function zeroCounts(categories: readonly string[]): Record<string, number> {
	return Object.fromEntries(categories.map((c) => [c, 0]));
}

/** The category counts of a row of cells added up. */
function sumCells(
	cells: readonly Record<string, number>[],
	categories: readonly string[],
): Record<string, number> {
	const counts = zeroCounts(categories);
	for (const cell of cells)
		for (const c of categories) counts[c] = (counts[c] ?? 0) + (cell[c] ?? 0);
	return counts;
}

/** The cells of table b's row `j`: one from every row of table a. */
function columnOf(
	state: Cells,
	j: number,
	categories: readonly string[],
): Record<string, number>[] {
	return state.map((line) => line[j] ?? zeroCounts(categories));
}

/** The cross cells gathered into the published rows of both tables. */
function crossTable(
	a: PublishedSide,
	b: PublishedSide,
	cross: readonly CrossCell[],
	categories: readonly string[],
): Cells {
	const nameA = publishedNameOf(a.published);
	const nameB = publishedNameOf(b.published);
	const indexA = new Map(a.published.rows.map((r, i) => [r.name, i]));
	const indexB = new Map(b.published.rows.map((r, i) => [r.name, i]));
	const X: Cells = a.published.rows.map(() =>
		b.published.rows.map(() => zeroCounts(categories)),
	);
	for (const cell of cross) {
		const i = indexA.get(nameA(cell.a));
		const j = indexB.get(nameB(cell.b));
		if (i === undefined || j === undefined)
			throw new RangeError(`cross cell ${cell.a} × ${cell.b} is in no row`);
		const target = X[i]?.[j] as Record<string, number>;
		for (const c of categories)
			target[c] = (target[c] ?? 0) + (cell.counts[c] ?? 0);
	}
	return X;
}

/** The published rows of one table with the counts the cross cells give them, checked against their n. */
function rowsOf(
	published: ProtectedTable,
	cellsOf: (idx: number) => Record<string, number>[],
	categories: readonly string[],
): Row[] {
	return published.rows.map((row, idx) => {
		const counts = sumCells(cellsOf(idx), categories);
		const n = sumOf(counts, categories);
		if (row.n !== null && row.n !== n)
			throw new RangeError(
				`row ${row.name}: published n ${row.n} does not match the cross cells (${n})`,
			);
		return { row, counts, n };
	});
}

function jointModel(
	a: PublishedSide,
	b: PublishedSide,
	cross: readonly CrossCell[],
): JointModel {
	const categories = a.published.categories;
	if (b.published.categories.join() !== categories.join())
		throw new RangeError("both tables must have the same categories");
	const X = crossTable(a, b, cross, categories);
	const rowsA = rowsOf(a.published, (i) => X[i] ?? [], categories);
	const rowsB = rowsOf(
		b.published,
		(j) => columnOf(X, j, categories),
		categories,
	);
	const totalCounts = sumCells(
		rowsA.map((r) => r.counts),
		categories,
	);
	const N = sumOf(totalCounts, categories);
	const totalA: Row = { row: a.published.total, counts: totalCounts, n: N };
	const totalB: Row = { row: b.published.total, counts: totalCounts, n: N };
	return { a, b, categories, X, rowsA, rowsB, totalA, totalB };
}

type NewItem = Omit<Item, "up" | "down">;

/** Every count a row of either table, or the organisation, does not show on its own. */
function rowItems(m: JointModel): NewItem[] {
	const items: NewItem[] = [];
	const ofRow = (
		r: Row,
		published: ProtectedTable,
		where: "a" | "b",
		key: string,
	) => {
		for (const c of m.categories) {
			const need = needOf(r, published, c);
			if (need > 0)
				items.push({
					key,
					where,
					a: where === "a" ? r.row.name : null,
					b: where === "b" ? r.row.name : null,
					category: c,
					need,
					needDown: needDownOf(r, c),
				});
		}
	};
	m.rowsA.forEach((r, i) => {
		ofRow(r, m.a.published, "a", `a:${i}`);
	});
	m.rowsB.forEach((r, j) => {
		ofRow(r, m.b.published, "b", `b:${j}`);
	});
	// The organisation: audited where neither total row shows a category on its own.
	for (const c of m.categories) {
		const need = Math.min(
			needOf(m.totalA, m.a.published, c),
			needOf(m.totalB, m.b.published, c),
		);
		if (need > 0)
			items.push({
				key: "t",
				where: "total",
				a: null,
				b: null,
				category: c,
				need,
				needDown: needDownOf(m.totalA, c),
			});
	}
	return items;
}

/** Every group × grade count below k. */
function crossItems(m: JointModel, k: number): NewItem[] {
	const items: NewItem[] = [];
	m.X.forEach((line, i) => {
		line.forEach((cell, j) => {
			const n = sumOf(cell, m.categories);
			for (const c of m.categories)
				if (n > 0 && (cell[c] ?? 0) < k)
					items.push({
						key: `x:${i}:${j}`,
						where: "cross",
						a: m.rowsA[i]?.row.name ?? null,
						b: m.rowsB[j]?.row.name ?? null,
						category: c,
						need: Math.min(n, CROSS_MARGIN),
						needDown: 0,
					});
		});
	});
	return items;
}

/** Row counts of a state of the cross cells. */
function rowsFrom(m: JointModel, state: Cells) {
	const ra = m.rowsA.map((r, i) => ({
		...r,
		counts: sumCells(state[i] ?? [], m.categories),
	}));
	const rb = m.rowsB.map((r, j) => ({
		...r,
		counts: sumCells(columnOf(state, j, m.categories), m.categories),
	}));
	const tc = sumCells(
		ra.map((r) => r.counts),
		m.categories,
	);
	return {
		ra,
		rb,
		ta: { ...m.totalA, counts: tc },
		tb: { ...m.totalB, counts: tc },
	};
}

function nodeCountOf(m: JointModel): number {
	return 2 + m.rowsA.length + m.rowsB.length;
}

/** The network of moving answers between c and c2 (flow = count of c) from a state of the cross cells. */
function jointNetwork(
	m: JointModel,
	state: Cells,
	c: string,
	c2: string,
): Network {
	const nodeA = (i: number) => 2 + i;
	const nodeB = (j: number) => 2 + m.rowsA.length + j;
	const { ra, rb, ta, tb } = rowsFrom(m, state);
	const arcs: Arc[] = [];
	const arcOf = new Map<string, number>();
	const crossArcs: Network["crossArcs"] = [];
	const add = (
		key: string,
		from: number,
		to: number,
		flow: number,
		d: { lo: number; hi: number },
		max: number,
	) => {
		arcs.push({
			from,
			to,
			lo: Math.max(0, flow + d.lo),
			hi: Math.min(max, flow + d.hi),
			flow,
		});
		arcOf.set(key, arcs.length - 1);
	};
	const movable = (r: Row) => (r.counts[c] ?? 0) + (r.counts[c2] ?? 0);
	ra.forEach((r, i) => {
		add(
			`a:${i}`,
			SOURCE,
			nodeA(i),
			r.counts[c] ?? 0,
			deltaBounds(r, m.a.published, c, c2, false),
			movable(r),
		);
	});
	rb.forEach((r, j) => {
		add(
			`b:${j}`,
			nodeB(j),
			SINK,
			r.counts[c] ?? 0,
			deltaBounds(r, m.b.published, c, c2, false),
			movable(r),
		);
	});
	const dA = deltaBounds(ta, m.a.published, c, c2, true);
	const dB = deltaBounds(tb, m.b.published, c, c2, true);
	add(
		"t",
		SINK,
		SOURCE,
		ta.counts[c] ?? 0,
		{ lo: Math.max(dA.lo, dB.lo), hi: Math.min(dA.hi, dB.hi) },
		movable(ta),
	);
	state.forEach((line, i) => {
		line.forEach((cell, j) => {
			const x = cell[c] ?? 0;
			const room = x + (cell[c2] ?? 0);
			if (room === 0) return;
			add(`x:${i}:${j}`, nodeA(i), nodeB(j), x, { lo: -x, hi: room - x }, room);
			crossArcs.push({ arc: arcs.length - 1, i, j });
		});
	});
	return { arcs, arcOf, crossArcs };
}

/** Pass 1: every pair of categories from the true table. */
function pairwisePass(m: JointModel, items: Item[]): void {
	const { categories } = m;
	for (let p = 0; p < categories.length; p++)
		for (let q = p + 1; q < categories.length; q++) {
			const c = categories[p] as string;
			const c2 = categories[q] as string;
			const net = jointNetwork(m, m.X, c, c2);
			const range = arcFlowRange(nodeCountOf(m), net.arcs);
			for (const it of items) {
				if (it.category !== c && it.category !== c2) continue;
				const arc = net.arcOf.get(it.key);
				if (arc === undefined) continue;
				const { up, down } = range(arc, Math.max(it.need, it.needDown));
				const [u, d] = it.category === c ? [up, down] : [down, up];
				it.up = Math.max(it.up, u);
				it.down = Math.max(it.down, d);
			}
		}
}

/** How far an item's count moves (in the direction `sign`, up to `cap`) by chained moves from every other category. */
function chain(m: JointModel, it: Item, sign: 1 | -1, cap: number): number {
	let state = m.X.map((line) => line.map((cell) => ({ ...cell })));
	let moved = 0;
	for (const c2 of m.categories) {
		if (c2 === it.category || moved >= cap) continue;
		const net = jointNetwork(m, state, it.category, c2);
		const arc = net.arcOf.get(it.key);
		if (arc === undefined) continue;
		const range = arcFlowRange(nodeCountOf(m), net.arcs);
		const { up, down } = range(arc, cap - moved);
		const amount = sign > 0 ? up : down;
		if (amount <= 0) continue;
		const flows = range.shift(arc, sign * amount);
		if (!flows) continue;
		const next = state.map((line) => line.map((cell) => ({ ...cell })));
		for (const { arc: e, i, j } of net.crossArcs) {
			const cell = next[i]?.[j] as Record<string, number>;
			const room = (cell[it.category] ?? 0) + (cell[c2] ?? 0);
			cell[it.category] = flows[e] as number;
			cell[c2] = room - (flows[e] as number);
		}
		state = next;
		moved += amount;
	}
	return moved;
}

/** Pass 2, for counts pass 1 could not free: chain moves from every other category in turn. */
function chainPass(m: JointModel, items: Item[]): void {
	for (const it of items) {
		if (it.up + it.down >= it.need && it.down >= it.needDown) continue;
		it.down = Math.max(
			it.down,
			chain(m, it, -1, Math.max(it.need, it.needDown)),
		);
		if (it.up + it.down < it.need)
			it.up = Math.max(it.up, chain(m, it, 1, it.need - it.down));
	}
}

export function auditJoint(
	a: PublishedSide,
	b: PublishedSide,
	cross: readonly CrossCell[],
	k: number,
): JointAuditResult {
	const m = jointModel(a, b, cross);
	const items: Item[] = [...rowItems(m), ...crossItems(m, k)].map((it) => ({
		...it,
		up: 0,
		down: 0,
	}));
	pairwisePass(m, items);
	chainPass(m, items);
	const failures: JointFailure[] = items
		.filter((it) => it.up + it.down < it.need || it.down < it.needDown)
		.map((it) => ({
			where: it.where,
			a: it.a,
			b: it.b,
			category: it.category,
			need: it.need,
			found: it.up + it.down,
			needDown: it.needDown,
			foundDown: it.down,
		}));
	return { ok: failures.length === 0, failures, checked: items.length };
}
