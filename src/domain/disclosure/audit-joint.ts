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

export function auditJoint(
	a: PublishedSide,
	b: PublishedSide,
	cross: readonly CrossCell[],
	k: number,
): JointAuditResult {
	const categories = a.published.categories;
	if (b.published.categories.join() !== categories.join())
		throw new RangeError("both tables must have the same categories");
	const nameA = publishedNameOf(a.published);
	const nameB = publishedNameOf(b.published);
	const indexA = new Map(a.published.rows.map((r, i) => [r.name, i]));
	const indexB = new Map(b.published.rows.map((r, i) => [r.name, i]));
	const zero = () => Object.fromEntries(categories.map((c) => [c, 0]));
	const X: Record<string, number>[][] = a.published.rows.map(() =>
		b.published.rows.map(zero),
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
	const rowsOf = (side: "a" | "b"): Row[] => {
		const published = side === "a" ? a.published : b.published;
		return published.rows.map((row, idx) => {
			const counts = zero();
			const cells =
				side === "a" ? (X[idx] ?? []) : X.map((line) => line[idx] ?? zero());
			for (const cell of cells)
				for (const c of categories)
					counts[c] = (counts[c] ?? 0) + (cell[c] ?? 0);
			const n = sumOf(counts, categories);
			if (row.n !== null && row.n !== n)
				throw new RangeError(
					`row ${row.name}: published n ${row.n} does not match the cross cells (${n})`,
				);
			return { row, counts, n };
		});
	};
	const rowsA = rowsOf("a");
	const rowsB = rowsOf("b");
	const totalCounts = zero();
	for (const r of rowsA)
		for (const c of categories)
			totalCounts[c] = (totalCounts[c] ?? 0) + (r.counts[c] ?? 0);
	const N = sumOf(totalCounts, categories);
	const totalA: Row = { row: a.published.total, counts: totalCounts, n: N };
	const totalB: Row = { row: b.published.total, counts: totalCounts, n: N };

	const items: Item[] = [];
	const add = (item: Omit<Item, "up" | "down">) =>
		items.push({ ...item, up: 0, down: 0 });
	const rowItems = (
		r: Row,
		published: ProtectedTable,
		where: "a" | "b",
		key: string,
	) => {
		for (const c of categories) {
			const need = needOf(r, published, c);
			if (need > 0)
				add({
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
	rowsA.forEach((r, i) => {
		rowItems(r, a.published, "a", `a:${i}`);
	});
	rowsB.forEach((r, j) => {
		rowItems(r, b.published, "b", `b:${j}`);
	});
	// The organisation: audited where neither total row shows a category on its own.
	for (const c of categories) {
		const need = Math.min(
			needOf(totalA, a.published, c),
			needOf(totalB, b.published, c),
		);
		if (need > 0)
			add({
				key: "t",
				where: "total",
				a: null,
				b: null,
				category: c,
				need,
				needDown: needDownOf(totalA, c),
			});
	}
	X.forEach((line, i) => {
		line.forEach((cell, j) => {
			const n = sumOf(cell, categories);
			for (const c of categories)
				if (n > 0 && (cell[c] ?? 0) < k)
					add({
						key: `x:${i}:${j}`,
						where: "cross",
						a: rowsA[i]?.row.name ?? null,
						b: rowsB[j]?.row.name ?? null,
						category: c,
						need: Math.min(n, CROSS_MARGIN),
						needDown: 0,
					});
		});
	});

	const SOURCE = 0;
	const SINK = 1;
	const nodeA = (i: number) => 2 + i;
	const nodeB = (j: number) => 2 + rowsA.length + j;
	const nodeCount = 2 + rowsA.length + rowsB.length;

	/** Row counts of a state of the cross cells. */
	const rowsFrom = (state: Record<string, number>[][]) => {
		const sumRow = (cells: Record<string, number>[]) => {
			const counts = zero();
			for (const cell of cells)
				for (const c of categories)
					counts[c] = (counts[c] ?? 0) + (cell[c] ?? 0);
			return counts;
		};
		const ra = rowsA.map((r, i) => ({ ...r, counts: sumRow(state[i] ?? []) }));
		const rb = rowsB.map((r, j) => ({
			...r,
			counts: sumRow(state.map((line) => line[j] ?? zero())),
		}));
		const tc = sumRow(ra.map((r) => r.counts));
		return {
			ra,
			rb,
			ta: { ...totalA, counts: tc },
			tb: { ...totalB, counts: tc },
		};
	};

	type Network = {
		arcs: Arc[];
		/** Which arc carries each watched count: "a:i", "b:j", "t", "x:i:j". */
		arcOf: Map<string, number>;
		/** Cross arcs, to read a shifted circulation back into cells. */
		crossArcs: { arc: number; i: number; j: number }[];
	};

	/** The network of moving answers between c and c2 (flow = count of c) from a state of the cross cells. */
	const network = (
		state: Record<string, number>[][],
		c: string,
		c2: string,
	): Network => {
		const { ra, rb, ta, tb } = rowsFrom(state);
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
				deltaBounds(r, a.published, c, c2, false),
				movable(r),
			);
		});
		rb.forEach((r, j) => {
			add(
				`b:${j}`,
				nodeB(j),
				SINK,
				r.counts[c] ?? 0,
				deltaBounds(r, b.published, c, c2, false),
				movable(r),
			);
		});
		const dA = deltaBounds(ta, a.published, c, c2, true);
		const dB = deltaBounds(tb, b.published, c, c2, true);
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
				add(
					`x:${i}:${j}`,
					nodeA(i),
					nodeB(j),
					x,
					{ lo: -x, hi: room - x },
					room,
				);
				crossArcs.push({ arc: arcs.length - 1, i, j });
			});
		});
		return { arcs, arcOf, crossArcs };
	};

	const keyOf = (it: Item) => it.key;

	// Pass 1: every pair of categories from the true table.
	for (let p = 0; p < categories.length; p++)
		for (let q = p + 1; q < categories.length; q++) {
			const c = categories[p] as string;
			const c2 = categories[q] as string;
			const net = network(X, c, c2);
			const range = arcFlowRange(nodeCount, net.arcs);
			for (const it of items) {
				if (it.category !== c && it.category !== c2) continue;
				const arc = net.arcOf.get(keyOf(it));
				if (arc === undefined) continue;
				const { up, down } = range(arc, Math.max(it.need, it.needDown));
				const [u, d] = it.category === c ? [up, down] : [down, up];
				it.up = Math.max(it.up, u);
				it.down = Math.max(it.down, d);
			}
		}

	// Pass 2, for counts pass 1 could not free: chain moves from every other category in turn.
	const chain = (it: Item, sign: 1 | -1, cap: number): number => {
		let state = X.map((line) => line.map((cell) => ({ ...cell })));
		let moved = 0;
		for (const c2 of categories) {
			if (c2 === it.category || moved >= cap) continue;
			const net = network(state, it.category, c2);
			const arc = net.arcOf.get(keyOf(it));
			if (arc === undefined) continue;
			const range = arcFlowRange(nodeCount, net.arcs);
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
	};
	for (const it of items) {
		if (it.up + it.down >= it.need && it.down >= it.needDown) continue;
		it.down = Math.max(it.down, chain(it, -1, Math.max(it.need, it.needDown)));
		if (it.up + it.down < it.need)
			it.up = Math.max(it.up, chain(it, 1, it.need - it.down));
	}

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
