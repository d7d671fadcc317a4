/**
 * Types for disclosure control of one-way tables (docs/smc-questions.md §5, docs/privacy-tests.md §2.5).
 * Rows are reporting groups (departments) or grades; columns are answer categories.
 */

/** Counts of classified answers per category for each row; a row's n is the sum of its counts. */
export type CountTable = {
	rows: { name: string; counts: Record<string, number> }[];
	categories: string[];
};

/** A category scheme that shows several categories as one (R5), e.g. "not_professional". */
export type CollapseGroup = { name: string; from: string[] };

/** Why a row looks the way it does. Internal: render "homogeneous" and "secondary" with the same public wording. */
export type RowStatus =
	| "published"
	| "collapsed"
	| "too-few"
	| "homogeneous"
	| "secondary";

/** One published cell: a rounded percentage of the row's n, or null when suppressed ([c]). */
export type ProtectedCell = { percent: number | null };

/**
 * One row as published.
 * - `published`: the breakdown is shown; single cells may still be null (primary suppression, 0 < count < k).
 * - `collapsed`: shown under the collapse scheme (`cells` is keyed by the collapse names).
 * - `too-few`: fewer than k answers; n and every cell hidden.
 * - `homogeneous`: fewer than 3 answers outside the largest category; only n is shown.
 * - `secondary`: at least one cell is hidden as a complement, so that a hidden cell cannot be worked out.
 */
export type ProtectedRow = {
	name: string;
	/** Classified answers, or null when hidden (n < k). */
	n: number | null;
	cells: Record<string, ProtectedCell>;
	status: RowStatus;
	/** True when `cells` is keyed by the collapse scheme's names rather than by the categories. */
	collapsed: boolean;
	/** Rounding step of the percentages in percentage points (1 or 5), or null when nothing is shown. */
	step: number | null;
};

/** A table after disclosure control: everything in it may be published. */
export type ProtectedTable = {
	categories: string[];
	rows: ProtectedRow[];
	/** The whole organisation (the sum of all rows), protected by the same rules. */
	total: ProtectedRow;
	/** The collapse scheme used by rows with `collapsed: true`, or null. */
	collapse: CollapseGroup[] | null;
	/** Rows shown together (R5): `into` is the published row's name, `from` the original rows. */
	merged: { into: string; from: string[] }[];
	footnotes: string[];
	/** The minimum cell size the table was protected with. */
	k: number;
};

/**
 * What the attacker is assumed to know besides the table.
 * `knownRowTotals` (the docs/privacy-tests.md §2.5 default): every row's n is known, even where the table hides it
 * (participation dashboard, roster), and the organisation's exact count in every category the total row shows
 * (the campaign report). Column lines then take part in secondary suppression and the audit treats those totals
 * as exact rather than as rounded percentages.
 */
export type AttackerKnowledge = { knownRowTotals: boolean };

/** Options of `protectTable`. */
export type ProtectOptions = AttackerKnowledge & {
	/** Minimum group and cell size (10 in SMC, ONS and CSPS practice). */
	k: number;
	/** Rows are ordered (grades, junior → senior): merge small rows into a neighbour instead of into "Other". */
	orderedRows?: boolean;
	/** Name of the row small unordered rows are merged into (default "Other"). */
	otherName?: string;
	/** A partition of the categories, tried before blanking cells (R5). */
	collapse?: CollapseGroup[];
	/**
	 * Published rows (after merging; "All" for the organisation) whose cells must all be hidden, e.g. because a
	 * joint audit with another table found them narrowing someone's answer, or because the release ledger refuses
	 * them. Their n is still shown.
	 */
	withhold?: readonly string[];
};
