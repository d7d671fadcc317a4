import { type Arc, arcFlowRange } from "./arc-flow-range.js";
import type {
	AttackerKnowledge,
	CountTable,
	ProtectedRow,
	ProtectedTable,
} from "./disclosure-types.js";
import { percentInterval } from "./round-percent.js";

/** A hidden count and the values it can still take given everything published. */
export type CellRange = {
	row: string;
	category: string;
	lo: number;
	hi: number;
};

export type AuditResult = {
	ok: boolean;
	/**
	 * Hidden counts narrowed to fewer than min(n, 3) + 1 values (S2), with their exact range. For a category
	 * inside a shown collapsed cell, n is that cell's count.
	 */
	failures: CellRange[];
	/** How many hidden (row, category) counts were checked. */
	checked: number;
	/** Exact ranges of every hidden count, when asked for with `ranges: true`. */
	ranges?: CellRange[];
};

export type AuditOptions = AttackerKnowledge & { ranges?: boolean };

/** S2: a hidden count must keep at least min(n, 3) + 1 possible values. */
const MARGIN = 3;

type Audited = { arc: number; row: string; category: string; need: number };

/** The flow network of a published table: every count an arc, with the arcs of the audited counts. */
type TableNetwork = {
	arcs: Arc[];
	audited: Audited[];
	nodeCount: number;
	/** The node of each category's column. */
	column: Map<string, number>;
};

const SOURCE = 0;
const SINK = 1;

function sumOf(counts: Record<string, number>, cats: readonly string[]) {
	return cats.reduce((s, c) => s + (counts[c] ?? 0), 0);
}

function addArc(
	net: TableNetwork,
	from: number,
	to: number,
	lo: number,
	hi: number,
	flow: number,
): number {
	return net.arcs.push({ from, to, lo, hi, flow }) - 1;
}

/** The true counts of every published row (merged rows added up). */
function truthOf(
	original: CountTable,
	published: ProtectedTable,
): Map<string, Record<string, number>> {
	const categories = published.categories;
	const rowOf = new Map<string, string>();
	for (const m of published.merged)
		for (const name of m.from) rowOf.set(name, m.into);
	const truth = new Map<string, Record<string, number>>(
		published.rows.map((r) => [
			r.name,
			Object.fromEntries(categories.map((c) => [c, 0])),
		]),
	);
	for (const row of original.rows) {
		const target = truth.get(rowOf.get(row.name) ?? row.name);
		if (!target)
			throw new RangeError(`row ${row.name} is not in the published table`);
		for (const c of categories)
			target[c] = (target[c] ?? 0) + (row.counts[c] ?? 0);
	}
	return truth;
}

/** Bounds a reader can infer on a cell from its published percentage (or exactly, for known totals). */
function bounds(
	row: ProtectedRow,
	key: string,
	value: number,
	exact: boolean,
): { lo: number; hi: number } {
	const percent = row.cells[key]?.percent ?? null;
	if (percent === null) return { lo: 0, hi: Number.POSITIVE_INFINITY };
	if (exact) return { lo: value, hi: value };
	if (row.n === null || row.step === null)
		throw new RangeError(`row ${row.name} shows a percentage without n`);
	if (percent % row.step !== 0)
		throw new RangeError(
			`row ${row.name}: ${percent} is not a multiple of ${row.step}`,
		);
	return percentInterval(percent, row.n, row.step);
}

/**
 * Adds one published row's cells. `node` is the row's node (interior rows: flow leaves it towards the
 * columns) or the sink (the total row: flow arrives from the columns).
 */
function addCells(
	net: TableNetwork,
	published: ProtectedTable,
	opts: AuditOptions,
	row: ProtectedRow,
	counts: Record<string, number>,
	node: number,
	isTotal: boolean,
) {
	const categories = published.categories;
	const exact = isTotal && opts.knownRowTotals;
	const need = Math.min(sumOf(counts, categories), MARGIN);
	const link = (a: number, b: number, lo: number, hi: number, f: number) =>
		isTotal ? addArc(net, b, a, lo, hi, f) : addArc(net, a, b, lo, hi, f);
	const groups =
		row.collapsed && published.collapse
			? published.collapse
			: categories.map((c) => ({ name: c, from: [c] }));
	for (const g of groups) {
		const value = sumOf(counts, g.from);
		const b = bounds(row, g.name, value, exact);
		const shown = row.cells[g.name]?.percent != null;
		if (g.from.length === 1) {
			const c = g.from[0] as string;
			const e = link(node, net.column.get(c) as number, b.lo, b.hi, value);
			if (!shown)
				net.audited.push({ arc: e, row: row.name, category: c, need });
			continue;
		}
		const groupNode = net.nodeCount++;
		link(node, groupNode, b.lo, b.hi, value);
		// Inside a shown collapsed cell the answers belong to that cell: a cell of 0 hides nothing.
		const inner = shown ? Math.min(value, MARGIN) : need;
		for (const c of g.from) {
			const e = link(
				groupNode,
				net.column.get(c) as number,
				0,
				Number.POSITIVE_INFINITY,
				counts[c] ?? 0,
			);
			net.audited.push({ arc: e, row: row.name, category: c, need: inner });
		}
	}
}

/** The network of everything the table publishes, from the true counts. */
function tableNetwork(
	published: ProtectedTable,
	truth: Map<string, Record<string, number>>,
	opts: AuditOptions,
): TableNetwork {
	const categories = published.categories;
	const net: TableNetwork = {
		arcs: [],
		audited: [],
		nodeCount: 2 + categories.length,
		column: new Map(categories.map((c, i) => [c, 2 + i])),
	};
	for (const row of published.rows) {
		const counts = truth.get(row.name) as Record<string, number>;
		const n = sumOf(counts, categories);
		if (row.n !== null && row.n !== n)
			throw new RangeError(`row ${row.name}: published n ${row.n} is not ${n}`);
		const known = row.n !== null || opts.knownRowTotals;
		const node = net.nodeCount++;
		addArc(
			net,
			SOURCE,
			node,
			known ? n : 0,
			known ? n : Number.POSITIVE_INFINITY,
			n,
		);
		addCells(net, published, opts, row, counts, node, false);
	}
	const totalCounts = Object.fromEntries(
		categories.map((c) => [
			c,
			[...truth.values()].reduce((s, t) => s + (t[c] ?? 0), 0),
		]),
	);
	const grandTotal = sumOf(totalCounts, categories);
	const knownTotal = published.total.n !== null || opts.knownRowTotals;
	addArc(
		net,
		SINK,
		SOURCE,
		knownTotal ? grandTotal : 0,
		knownTotal ? grandTotal : Number.POSITIVE_INFINITY,
		grandTotal,
	);
	addCells(net, published, opts, published.total, totalCounts, SINK, true);
	return net;
}

/**
 * The exact audit (docs/privacy-tests.md §2.5 Step 4, test S2). Every count the table does not show on its own
 * (suppressed cells, cells of hidden rows, categories inside a collapsed cell, hidden organisation totals) is an
 * unknown integer, constrained by everything published: each row's n, the organisation total row, every rounded
 * percentage as the interval of counts it allows, and, with `knownRowTotals`, hidden n's and exact organisation
 * totals. For each unknown, its exact feasible minimum and maximum are computed (see arc-flow-range.ts). The table
 * passes iff `hi − lo ≥ min(n, 3)` for every unknown.
 *
 * Not modelled: other tables from the same ballots (audit their union separately) and what the suppression
 * pattern itself says about the rules that produced it (standard practice in tau-ARGUS and sdcTable).
 */
export function auditTable(
	original: CountTable,
	published: ProtectedTable,
	opts: AuditOptions,
): AuditResult {
	const net = tableNetwork(published, truthOf(original, published), opts);
	const { arcs, audited } = net;
	const range = arcFlowRange(net.nodeCount, arcs);
	const failures: CellRange[] = [];
	const ranges: CellRange[] = [];
	for (const a of audited) {
		const flow = (arcs[a.arc] as Arc).flow;
		const { up, down } = range(a.arc, a.need);
		if (up + down < a.need)
			failures.push({
				row: a.row,
				category: a.category,
				lo: flow - down,
				hi: flow + up,
			});
		if (opts.ranges) {
			const exact = range(a.arc, Number.POSITIVE_INFINITY);
			ranges.push({
				row: a.row,
				category: a.category,
				lo: flow - exact.down,
				hi: flow + exact.up,
			});
		}
	}
	return {
		ok: failures.length === 0,
		failures,
		checked: audited.length,
		...(opts.ranges ? { ranges } : {}),
	};
}
