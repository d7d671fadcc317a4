/**
 * The S-test properties of docs/privacy-tests.md §7.2 over random tables, shared by the vitest suite
 * (1,000 runs) and the nightly script `s-tests.ts` (10,000 runs).
 */
import fc from "fast-check";
import {
	auditJoint,
	type CrossCell,
} from "../../../src/domain/disclosure/audit-joint.js";
import { auditTable } from "../../../src/domain/disclosure/audit-table.js";
import type {
	CollapseGroup,
	CountTable,
	ProtectedRow,
	ProtectedTable,
	ProtectOptions,
} from "../../../src/domain/disclosure/disclosure-types.js";
import {
	type JointTables,
	protectJoint,
} from "../../../src/domain/disclosure/protect-joint.js";
import { protectTable } from "../../../src/domain/disclosure/protect-table.js";
import { roundingStep } from "../../../src/domain/disclosure/round-percent.js";

export type Scenario = { table: CountTable; opts: ProtectOptions };

const HOMOGENEITY_MARGIN = 3;

/** Counts skewed towards the hard cases: zeros and 1–3, one dominant answer, and now and then a large row. */
function rowCounts(categories: number): fc.Arbitrary<number[]> {
	const each = (max: number) =>
		fc.array(fc.nat({ max }), { minLength: categories, maxLength: categories });
	const dominant = fc
		.tuple(
			each(3),
			fc.integer({ min: 5, max: 60 }),
			fc.nat({ max: categories - 1 }),
		)
		.map(([counts, big, at]) => counts.map((c, i) => (i === at ? big : c)));
	return fc.oneof(
		{ weight: 3, arbitrary: each(3) },
		{ weight: 4, arbitrary: each(12) },
		{ weight: 3, arbitrary: dominant },
		{ weight: 3, arbitrary: each(60) },
		{ weight: 1, arbitrary: each(1500) },
	);
}

/** A random partition of the categories into named groups. */
function partition(categories: string[]): fc.Arbitrary<CollapseGroup[]> {
	return fc
		.array(fc.nat({ max: 2 }), {
			minLength: categories.length,
			maxLength: categories.length,
		})
		.map((ids) =>
			[...new Set(ids)].map((id) => ({
				name: `g${id}`,
				from: categories.filter((_, i) => ids[i] === id),
			})),
		);
}

export const scenarioArbitrary: fc.Arbitrary<Scenario> = fc
	.integer({ min: 2, max: 6 })
	.chain((width) => {
		const categories = Array.from({ length: width }, (_, i) => `c${i}`);
		return fc
			.record({
				counts: fc.integer({ min: 1, max: 30 }).chain((length) =>
					fc.array(rowCounts(width), {
						minLength: length,
						maxLength: length,
					}),
				),
				k: fc.constantFrom(10, 10, 10, 5, 3),
				orderedRows: fc.boolean(),
				knownRowTotals: fc.boolean(),
				collapse: fc.option(partition(categories), { nil: undefined }),
			})
			.map(({ counts, ...opts }) => ({
				table: {
					categories,
					rows: counts.map((row, r) => ({
						name: `r${r}`,
						counts: Object.fromEntries(
							categories.map((c, i) => [c, row[i] ?? 0]),
						),
					})),
				},
				opts,
			}));
	});

type Unit = { key: string; members: string[]; value: number; shown: boolean };

/** The published row's cells with the true counts behind them. */
function units(
	row: ProtectedRow,
	counts: Record<string, number>,
	table: ProtectedTable,
): Unit[] {
	const scheme =
		row.collapsed && table.collapse
			? table.collapse
			: table.categories.map((c) => ({ name: c, from: [c] }));
	return scheme.map((g) => ({
		key: g.name,
		members: g.from,
		value: g.from.reduce((s, c) => s + (counts[c] ?? 0), 0),
		shown: row.cells[g.name]?.percent != null,
	}));
}

/** True counts of each published row (merged rows summed) and of the total. */
export function truthOf(table: CountTable, published: ProtectedTable) {
	const into = new Map<string, string>();
	for (const m of published.merged) for (const f of m.from) into.set(f, m.into);
	const counts = new Map<string, Record<string, number>>();
	for (const row of table.rows) {
		const name = into.get(row.name) ?? row.name;
		const target = counts.get(name) ?? {};
		for (const c of table.categories)
			target[c] = (target[c] ?? 0) + (row.counts[c] ?? 0);
		counts.set(name, target);
	}
	const total: Record<string, number> = {};
	for (const c of table.categories)
		total[c] = table.rows.reduce((s, r) => s + (r.counts[c] ?? 0), 0);
	return { counts, total };
}

/** S1 and S6: nothing small, nothing homogeneous, nothing finer than its step. */
export function s1Violations(s: Scenario, published: ProtectedTable): string[] {
	const { k } = s.opts;
	const { counts, total } = truthOf(s.table, published);
	const out: string[] = [];
	const rows = [
		...published.rows.map((r) => ({ row: r, truth: counts.get(r.name) ?? {} })),
		{ row: published.total, truth: total },
	];
	for (const { row, truth } of rows) {
		const n = s.table.categories.reduce((a, c) => a + (truth[c] ?? 0), 0);
		const us = units(row, truth, published);
		const shown = us.filter((u) => u.shown);
		if (row.n !== null && row.n < k)
			out.push(`${row.name}: n ${row.n} < k published`);
		if (row.n !== null && row.n !== n) out.push(`${row.name}: wrong n`);
		if (shown.length === 0) continue;
		if (row.n === null) out.push(`${row.name}: cells shown without n`);
		const max = Math.max(...us.map((u) => u.value));
		if (n - max < HOMOGENEITY_MARGIN)
			out.push(`${row.name}: homogeneous row shown`);
		for (const u of shown)
			if (u.value < k)
				out.push(`${row.name}/${u.key}: small cell ${u.value} shown`);
		const step = roundingStep(n, k);
		if (row.step !== step)
			out.push(`${row.name}: step ${row.step}, expected ${step}`);
		for (const u of shown) {
			const p = row.cells[u.key]?.percent as number;
			if (p % step !== 0)
				out.push(`${row.name}/${u.key}: ${p}% not a multiple of ${step}`);
		}
	}
	return out;
}

type LineEntry = { value: number; hidden: boolean; single: boolean };

/**
 * S3 (insider): every line's hidden mass is 0 or at least k + 1, unless the line is exhausted (every
 * non-zero entry, and a column's organisation total, is hidden: nothing left could add mass).
 */
export function s3Violations(s: Scenario, published: ProtectedTable): string[] {
	const { k } = s.opts;
	const { counts, total } = truthOf(s.table, published);
	const all = [
		...published.rows.map((r) => ({ row: r, truth: counts.get(r.name) ?? {} })),
		{ row: published.total, truth: total },
	];
	const out: string[] = [];
	const check = (
		name: string,
		entries: LineEntry[],
		margin: LineEntry | null,
	) => {
		const hidden = entries.filter((e) => e.hidden);
		const count = hidden.length + Number(margin?.hidden ?? false);
		const mass = hidden.reduce((a, e) => a + e.value, 0);
		if (count === 0 || (count > 1 && mass >= k + 1)) return;
		const open = entries.filter((e) => !e.hidden && e.single);
		const exhausted =
			!open.some((e) => e.value > 0) &&
			(margin === null || margin.hidden) &&
			(count > 1 || open.length === 0);
		if (!exhausted) out.push(`${name}: ${count} hidden, mass ${mass}`);
	};
	for (const { row, truth } of all)
		check(
			`row ${row.name}`,
			units(row, truth, published).map((u) => ({
				value: u.value,
				hidden: !u.shown,
				single: true,
			})),
			null,
		);
	const marginShown = Object.values(published.total.cells).some(
		(c) => c.percent !== null,
	);
	if (!s.opts.knownRowTotals || !marginShown) return out;
	const entry = (
		row: ProtectedRow,
		truth: Record<string, number>,
		c: string,
	): LineEntry => {
		const u = units(row, truth, published).find((x) =>
			x.members.includes(c),
		) as Unit;
		const single = u.members.length === 1;
		return { value: truth[c] ?? 0, hidden: !u.shown || !single, single };
	};
	for (const c of published.categories) {
		const interior = published.rows.map((r) =>
			entry(r, counts.get(r.name) ?? {}, c),
		);
		const margin = entry(published.total, total, c);
		check(
			`column ${c}`,
			interior,
			margin.single ? margin : { ...margin, hidden: true },
		);
	}
	return out;
}

/** Every S-test for one scenario: S1/S6, S2 (exact audit), S3. Empty when all pass. */
export function sViolations(s: Scenario): string[] {
	const published = protectTable(s.table, s.opts);
	const audit = auditTable(s.table, published, {
		knownRowTotals: s.opts.knownRowTotals,
	});
	return [
		...s1Violations(s, published),
		...audit.failures.map(
			(f) => `S2 ${f.row}/${f.category}: narrowed to [${f.lo}, ${f.hi}]`,
		),
		...s3Violations(s, published),
	];
}

/** Two tables of the same answers (by group and by grade) with their group × grade counts. */
export type JointScenario = {
	tables: JointTables;
	k: number;
	collapse: CollapseGroup[] | undefined;
};

const jointCategories = ["professional", "intermediate", "working_class"];

/** Random organisations: 1–12 groups × 1–6 grades, cells empty, tiny (0–3 per answer) or larger, skewed. */
export const jointScenarioArbitrary: fc.Arbitrary<JointScenario> = fc
	.record({
		groups: fc.integer({ min: 1, max: 12 }),
		grades: fc.integer({ min: 1, max: 6 }),
		k: fc.constantFrom(10, 10, 5),
		collapse: fc.boolean(),
	})
	.chain(({ groups, grades, k, collapse }) =>
		fc
			.array(
				fc.oneof(
					{ weight: 2, arbitrary: fc.constant([0, 0, 0]) },
					{ weight: 3, arbitrary: rowCounts(3) },
				),
				{ minLength: groups * grades, maxLength: groups * grades },
			)
			.map((cells) => {
				const cross: CrossCell[] = cells.map((counts, idx) => ({
					a: `d${Math.floor(idx / grades)}`,
					b: `g${idx % grades}`,
					counts: Object.fromEntries(
						jointCategories.map((c, i) => [c, counts[i] ?? 0]),
					),
				}));
				const margin = (key: "a" | "b"): CountTable => {
					const rows = new Map<string, Record<string, number>>();
					for (const cell of cross) {
						const row = rows.get(cell[key]) ?? {};
						for (const c of jointCategories)
							row[c] = (row[c] ?? 0) + (cell.counts[c] ?? 0);
						rows.set(cell[key], row);
					}
					return {
						categories: jointCategories,
						rows: [...rows].map(([name, counts]) => ({ name, counts })),
					};
				};
				return {
					tables: { a: margin("a"), b: margin("b"), cross },
					k,
					collapse: collapse
						? [
								{ name: "professional", from: ["professional"] },
								{
									name: "not_professional",
									from: ["intermediate", "working_class"],
								},
							]
						: undefined,
				};
			}),
	);

/**
 * S1–S3 and S6 for each table of a joint release, plus S2 over the union: the joint audit (sound: it passes a
 * count only with witness tables) finds nothing it cannot free.
 */
export function jointViolations(s: JointScenario): string[] {
	const opts = {
		k: s.k,
		knownRowTotals: true,
		...(s.collapse ? { collapse: s.collapse } : {}),
	};
	const result = protectJoint(s.tables, {
		k: s.k,
		orderedB: true,
		...(s.collapse ? { collapse: s.collapse } : {}),
	});
	const out: string[] = [];
	for (const [side, table, published, ordered] of [
		["a", s.tables.a, result.a, false],
		["b", s.tables.b, result.b, true],
	] as const) {
		const scenario: Scenario = {
			table,
			opts: { ...opts, orderedRows: ordered },
		};
		const audit = auditTable(table, published, { knownRowTotals: true });
		out.push(
			...s1Violations(scenario, published).map((v) => `${side} S1 ${v}`),
			...audit.failures.map(
				(f) => `${side} S2 ${f.row}/${f.category}: [${f.lo}, ${f.hi}]`,
			),
			...s3Violations(scenario, published).map((v) => `${side} S3 ${v}`),
		);
	}
	const joint = auditJoint(
		{ table: s.tables.a, published: result.a },
		{ table: s.tables.b, published: result.b },
		s.tables.cross,
		s.k,
	);
	out.push(
		...joint.failures.map(
			(f) =>
				`joint S2 ${f.where} ${f.a ?? ""}×${f.b ?? ""}/${f.category}: moved ${f.found} of ${f.need}`,
		),
	);
	// Both tables describe the same organisation: their total rows must agree wherever both show a share.
	for (const [key, cell] of Object.entries(result.a.total.cells)) {
		const other = result.b.total.cells[key];
		if (
			cell.percent !== null &&
			other?.percent != null &&
			other.percent !== cell.percent
		)
			out.push(`totals disagree on ${key}`);
	}
	return out;
}
