import { auditTable } from "./audit-table.js";
import type {
	CollapseGroup,
	CountTable,
	ProtectedRow,
	ProtectedTable,
	ProtectOptions,
} from "./disclosure-types.js";
import { joinNames, type MergedRow, mergeRows } from "./merge-rows.js";
import { roundingStep, roundPercent } from "./round-percent.js";
import {
	hiddenIn,
	suppressSecondary,
	type Unit,
	unitOf,
	type WorkRow,
} from "./secondary-suppression.js";

/** R4: a breakdown needs at least this many answers outside its largest category. */
const HOMOGENEITY_MARGIN = 3;
/** The name of the organisation (total) row of every protected table. */
export const TOTAL_NAME = "All";

function unitsFor(
	counts: Record<string, number>,
	scheme: CollapseGroup[],
): Unit[] {
	return scheme.map((g) => ({
		key: g.name,
		members: [...g.from],
		value: g.from.reduce((s, c) => s + (counts[c] ?? 0), 0),
		suppressed: false,
		secondary: false,
	}));
}

const homogeneous = (units: Unit[], n: number) =>
	n - Math.max(...units.map((u) => u.value)) < HOMOGENEITY_MARGIN;

/** Steps 1–3 for one row: minimum size (R1), homogeneity (R4), collapsing (R5) and small cells (R2). */
function setUp(
	row: MergedRow,
	categories: readonly string[],
	k: number,
	collapse: CollapseGroup[] | undefined,
): WorkRow {
	const plain = unitsFor(
		row.counts,
		categories.map((c) => ({ name: c, from: [c] })),
	);
	const work: WorkRow = {
		...row,
		units: plain,
		collapsed: false,
		hidden: null,
	};
	const hide = (why: "too-few" | "homogeneous"): WorkRow => {
		for (const u of plain) u.suppressed = true;
		return { ...work, hidden: why };
	};
	if (row.n < k) return hide("too-few");
	// A zero is small too: a published 0% says something about everyone in the row (group attribute disclosure).
	const small = (u: Unit) => u.value < k;
	const collapsed = collapse ? unitsFor(row.counts, collapse) : null;
	if (homogeneous(plain, row.n)) {
		// Collapsing can only grow the largest cell, so this never rescues a row; kept so the rule reads as written.
		if (!collapsed || homogeneous(collapsed, row.n)) return hide("homogeneous");
		work.units = collapsed;
		work.collapsed = true;
	} else if (
		collapsed &&
		plain.some(small) &&
		!collapsed.some(small) &&
		!homogeneous(collapsed, row.n)
	) {
		work.units = collapsed;
		work.collapsed = true;
	}
	for (const u of work.units) if (small(u)) u.suppressed = true;
	return work;
}

/**
 * Whether a row could show anything on its own line (R5: merge before blanking). A homogeneous row is kept as it
 * is, to be hidden, rather than blended into a neighbour. Otherwise a row is showable when, after hiding its small
 * cells and complements until the hidden part is empty or has at least 2 cells and k + 1 answers (R3 with the
 * insider margin), some cell is left, with or without the collapse scheme. Column lines are not considered.
 */
function showable(
	row: MergedRow,
	categories: readonly string[],
	k: number,
	collapse: CollapseGroup[] | undefined,
): boolean {
	if (row.n < k) return false;
	const schemes = [categories.map((c) => ({ name: c, from: [c] }))];
	if (collapse) schemes.push(collapse);
	const plain = unitsFor(row.counts, schemes[0] as CollapseGroup[]);
	if (homogeneous(plain, row.n)) return true;
	return schemes.some((scheme) => {
		const values = unitsFor(row.counts, scheme).map((u) => u.value);
		if (homogeneous(unitsFor(row.counts, scheme), row.n)) return false;
		const shown = values.filter((v) => v >= k).sort((a, b) => a - b);
		const hidden = values.filter((v) => v < k);
		const mass = () => hidden.reduce((s, v) => s + v, 0);
		while (
			hidden.length > 0 &&
			(hidden.length === 1 || mass() < k + 1) &&
			shown.length > 0
		)
			hidden.push(shown.shift() as number);
		return shown.length > 0;
	});
}

function render(row: WorkRow, k: number): ProtectedRow {
	const shown = row.units.some((u) => !u.suppressed);
	const step = shown ? roundingStep(row.n, k) : null;
	const cells: ProtectedRow["cells"] = {};
	for (const u of row.units)
		cells[u.key] = {
			percent:
				u.suppressed || step === null
					? null
					: roundPercent(u.value, row.n, step),
		};
	const status =
		row.hidden ??
		(row.units.some((u) => u.secondary)
			? "secondary"
			: row.collapsed
				? "collapsed"
				: "published");
	return {
		name: row.name,
		n: row.n < k ? null : row.n,
		cells,
		status,
		collapsed: row.collapsed,
		step,
	};
}

function validate(table: CountTable, opts: ProtectOptions): void {
	const { categories } = table;
	if (!Number.isInteger(opts.k) || opts.k < 1)
		throw new RangeError("k must be a positive integer");
	if (categories.length < 2 || new Set(categories).size !== categories.length)
		throw new RangeError("a table needs at least two distinct categories");
	const names = new Set(table.rows.map((r) => r.name));
	if (names.size !== table.rows.length || names.has(TOTAL_NAME))
		throw new RangeError(`row names must be distinct and not "${TOTAL_NAME}"`);
	for (const r of table.rows)
		for (const [c, v] of Object.entries(r.counts))
			if (!categories.includes(c) || !Number.isInteger(v) || v < 0)
				throw new RangeError(`row ${r.name}: bad count for ${c}`);
	if (opts.collapse) {
		const from = opts.collapse.flatMap((g) => g.from);
		const ok =
			from.length === categories.length &&
			categories.every((c) => from.includes(c)) &&
			opts.collapse.every((g) => g.from.length > 0);
		if (!ok) throw new RangeError("collapse must partition the categories");
	}
}

function footnotes(
	rows: WorkRow[],
	total: WorkRow,
	opts: ProtectOptions,
	out: ProtectedRow[],
): string[] {
	const notes: string[] = [];
	for (const r of rows.filter((r) => r.members.length > 1))
		notes.push(
			r.name === (opts.otherName ?? "Other")
				? `Other includes ${joinNames(r.members)}.`
				: `${joinNames(r.members)} are shown together.`,
		);
	const collapsedRows = [...rows, total].filter((r) => r.collapsed);
	if (collapsedRows.length > 0 && opts.collapse)
		for (const g of opts.collapse.filter((g) => g.from.length > 1))
			notes.push(
				`For ${joinNames(collapsedRows.map((r) => r.name))}, ${joinNames(g.from)} are shown together as ${g.name}.`,
			);
	const all = [...out, render(total, opts.k)];
	if (all.some((r) => r.n === null))
		notes.push(`Groups with fewer than ${opts.k} answers are not shown.`);
	if (
		all.some(
			(r) =>
				r.n !== null && Object.values(r.cells).some((c) => c.percent === null),
		)
	)
		notes.push("[c]: not shown, so that no one's answer can be worked out.");
	if (all.some((r) => Object.values(r.cells).some((c) => c.percent !== null)))
		notes.push("Figures are rounded and may not sum to 100.");
	return notes;
}

/**
 * Disclosure control for a one-way table (docs/smc-questions.md §5, docs/privacy-tests.md §2.5):
 * 1. merge rows below k (R5: adjacent grades, or departments into "Other");
 * 2. hide rows still below k (R1);
 * 3. hide rows with fewer than 3 answers outside the largest category (R4), collapse categories instead of
 *    blanking small cells where that helps (R5), suppress cells with 0 < count < k (R2);
 * 4. secondary suppression with the insider margin along rows and, with `knownRowTotals`, columns (R3);
 * 5. the exact audit, hiding more until no hidden count can be narrowed to fewer than min(n, 3) + 1 values;
 * 6. percentages rounded to 5 points (1 point for n ≥ 100·k) (R6).
 */
export function protectTable(
	table: CountTable,
	opts: ProtectOptions,
): ProtectedTable {
	validate(table, opts);
	const { categories } = table;
	const { k } = opts;
	const merged = mergeRows(
		table.rows,
		categories,
		k,
		opts.orderedRows ?? false,
		(r) => !showable(r, categories, k, opts.collapse),
		opts.otherName ?? "Other",
	);
	if (new Set(merged.map((r) => r.name)).size !== merged.length)
		throw new RangeError("a merged row's name clashes with another row's name");
	const rows = merged.map((r) => setUp(r, categories, k, opts.collapse));
	const totalCounts: Record<string, number> = {};
	for (const c of categories)
		totalCounts[c] = merged.reduce((s, r) => s + (r.counts[c] ?? 0), 0);
	const total = setUp(
		{
			name: TOTAL_NAME,
			members: [TOTAL_NAME],
			counts: totalCounts,
			n: merged.reduce((s, r) => s + r.n, 0),
		},
		categories,
		k,
		opts.collapse,
	);

	const withheld = new Set(opts.withhold ?? []);
	for (const r of [...rows, total])
		if (withheld.has(r.name) && r.hidden === null)
			for (const u of r.units) {
				u.suppressed = true;
				u.secondary = true;
			}

	const build = (): ProtectedTable => {
		const out = rows.map((r) => render(r, k));
		return {
			categories: [...categories],
			rows: out,
			total: render(total, k),
			collapse:
				opts.collapse?.map((g) => ({ name: g.name, from: [...g.from] })) ??
				null,
			merged: rows
				.filter((r) => r.members.length > 1)
				.map((r) => ({ into: r.name, from: [...r.members] })),
			footnotes: footnotes(rows, total, opts, out),
			k,
		};
	};

	for (;;) {
		suppressSecondary(rows, total, categories, k, opts.knownRowTotals);
		const published = build();
		const audit = auditTable(table, published, opts);
		const failure = audit.failures[0];
		if (!failure) return published;
		const row = rows.find((r) => r.name === failure.row) ?? total;
		hideMore(rows, total, row, failure.category);
	}
}

/** After a failed audit: hide the smallest useful cell in the failing cell's row or column, or widen further. */
function hideMore(
	rows: WorkRow[],
	total: WorkRow,
	row: WorkRow,
	category: string,
): void {
	const candidates: { unit: Unit; value: number }[] = row.units
		.filter((u) => !u.suppressed)
		.map((u) => ({ unit: u, value: u.value }));
	for (const r of [...rows, total]) {
		if (r === row || hiddenIn(r, category)) continue;
		candidates.push({
			unit: unitOf(r, category),
			value: r.counts[category] ?? 0,
		});
	}
	candidates.sort(
		(a, b) =>
			Number(a.value === 0) - Number(b.value === 0) || a.value - b.value,
	);
	const next = candidates[0]?.unit;
	const targets = next
		? [next]
		: total.units.some((u) => !u.suppressed)
			? total.units
			: [...rows, total].flatMap((r) => r.units);
	const open = targets.filter((u) => !u.suppressed);
	if (open.length === 0) throw new Error("audit fails with every cell hidden");
	for (const u of open) {
		u.suppressed = true;
		u.secondary = true;
	}
}
