import { mergedGroupName } from "../campaigns/reporting-groups.js";
import type {
	CollapseGroup,
	CountTable,
	ProtectedRow,
	ProtectedTable,
} from "../disclosure/disclosure-types.js";
import { joinNames } from "../disclosure/merge-rows.js";
import { protectJoint } from "../disclosure/protect-joint.js";
import { protectTable } from "../disclosure/protect-table.js";
import {
	canRelease,
	type ReleaseLedger,
} from "../disclosure/release-ledger.js";
import { roundingStep, roundPercent } from "../disclosure/round-percent.js";
import {
	independentSchoolBenchmark,
	nationalBenchmark,
} from "../questions/benchmarks.js";
import type { QuestionKey } from "../questions/catalogue.js";
import {
	type BreakdownRow,
	type BreakdownTable,
	type CampaignReport,
	collapsedColumn,
	type GroupShare,
	type SebGroup,
	type SupplementaryMeasure,
} from "./campaign-report.js";
import { type GradeCounts, progressionVerdict } from "./progression.js";
import { writeTakeaways } from "./takeaways.js";
import { sebGroups, type Tally } from "./tally.js";

/** Facts about the campaign the report needs besides the tally. */
export type ReportInput = {
	campaignId: string;
	campaignName: string;
	closedOn: string;
	invited: number;
	responded: number;
	targetRatePercent: number;
	minCellSize: number;
	questions: readonly QuestionKey[];
	/** Reporting groups in display order (frozen at launch). */
	groupOrder: readonly string[];
	/** The groups that merged departments at launch, with the departments each holds: named in a footnote. */
	mergedAtLaunch: readonly { name: string; departments: readonly string[] }[];
	/** Grades junior → senior (frozen at launch); grades found only in answers follow in natural order. */
	gradeOrder: readonly string[];
};

/** A row of an earlier report release: the respondents behind it, keyed "group:<name>" or "grade:<name>". */
export type EarlierRelease = { counts: Readonly<Record<string, number>> };

/** The published report and, for the release ledger, the respondents behind every row it shows. */
export type BuiltReport = {
	report: CampaignReport;
	counts: Record<string, number>;
};

const labels: Record<string, string> = {
	professional: "Professional",
	intermediate: "Intermediate",
	working_class: "Working class",
	[collapsedColumn]: "Professional or intermediate",
};
const groupLabels: Record<SebGroup, string> = {
	professional: "Professional background",
	intermediate: "Intermediate background",
	working_class: "Working-class background",
};
const columns = [...sebGroups, collapsedColumn].map((key) => ({
	key,
	label: labels[key] as string,
}));
const collapse: CollapseGroup[] = [
	{ name: collapsedColumn, from: ["professional", "intermediate"] },
	{ name: "working_class", from: ["working_class"] },
];

const round5 = (n: number) => 5 * Math.round(n / 5);
const naturalOrder = (a: string, b: string) =>
	a.localeCompare(b, "en", { numeric: true, sensitivity: "base" });

function countTable(
	names: readonly string[],
	pick: (cell: Tally["cross"][number]) => string,
	tally: Tally,
): CountTable {
	const rows = new Map<string, Record<string, number>>(
		names.map((n) => [n, Object.fromEntries(sebGroups.map((g) => [g, 0]))]),
	);
	for (const cell of tally.cross) {
		const name = pick(cell);
		const row = rows.get(name);
		if (!row) throw new RangeError(`no row for ${name}`);
		for (const g of sebGroups) row[g] = (row[g] ?? 0) + (cell.counts[g] ?? 0);
	}
	return {
		categories: [...sebGroups],
		rows: [...rows].map(([name, counts]) => ({ name, counts })),
	};
}

const shows = (row: ProtectedRow) =>
	Object.values(row.cells).some((c) => c.percent !== null);

/** Earlier reports as a release ledger, so that the one R8 rule (`canRelease`) judges a new report's rows. */
function reportLedger(earlier: readonly EarlierRelease[]): ReleaseLedger {
	return {
		releases: earlier.map((r, i) => ({
			id: `earlier report ${i + 1}`,
			kind: "report",
			tables: [],
			groupsRespondents: r.counts,
		})),
	};
}

/**
 * Adds to `refused` every shown row (keyed "group:<name>" or "grade:<name>") that `canRelease` refuses against the
 * earlier reports; true when it added any.
 */
function refuseMovedRows(
	joint: { a: ProtectedTable; b: ProtectedTable },
	ledger: ReleaseLedger,
	k: number,
	refused: { group: Set<string>; grade: Set<string> },
): boolean {
	const rows = new Map<string, { into: Set<string>; name: string }>();
	const candidate: Record<string, number> = {};
	for (const [prefix, table] of [
		["group", joint.a],
		["grade", joint.b],
	] as const)
		for (const row of table.rows) {
			if (!shows(row) || row.n === null || refused[prefix].has(row.name))
				continue;
			const key = `${prefix}:${row.name}`;
			candidate[key] = row.n;
			rows.set(key, { into: refused[prefix], name: row.name });
		}
	const check = canRelease(
		ledger,
		{ id: "report", kind: "report", tables: [], groupsRespondents: candidate },
		k,
	);
	for (const moved of check.refused) {
		const row = rows.get(moved.group);
		row?.into.add(row.name);
	}
	return !check.ok;
}

function breakdownRow(row: ProtectedRow, table: ProtectedTable): BreakdownRow {
	const members = table.merged.find((m) => m.into === row.name)?.from ?? [
		row.name,
	];
	const answers = row.n === null ? null : round5(row.n);
	if (row.status === "too-few")
		return {
			name: row.name,
			members,
			status: "too-few",
			answers,
			shares: {},
			step: null,
		};
	if (!shows(row))
		return {
			name: row.name,
			members,
			status: "hidden",
			answers,
			shares: {},
			step: null,
		};
	const shares: Record<string, number | null> = {};
	for (const [key, cell] of Object.entries(row.cells))
		shares[key] = cell.percent;
	return {
		name: row.name,
		members,
		status: row.collapsed ? "collapsed" : "shown",
		answers,
		shares,
		step: row.step,
	};
}

function footnotes(
	rows: BreakdownRow[],
	k: number,
	refused: ReadonlySet<string>,
	noun: string,
	launch: ReadonlyMap<string, readonly string[]> = new Map(),
): string[] {
	const notes: string[] = [];
	// A launch group stands for the departments it merged: every one of them is named, never lost.
	const departments = (members: readonly string[]) =>
		members.flatMap((m) => launch.get(m) ?? [m]);
	for (const r of rows) {
		const launched = r.members.filter((m) => launch.has(m));
		if (r.members.length > 1)
			notes.push(
				r.name === mergedGroupName
					? `${mergedGroupName} includes ${joinNames(departments(r.members.filter((m) => m !== mergedGroupName || launch.has(m))))}.`
					: `${joinNames(departments(r.members))} are shown together.`,
			);
		else if (launched.length === 1)
			notes.push(
				`${r.name} includes ${joinNames(departments(launched))}: departments too small to report on their own were merged before the census started.`,
			);
	}
	const collapsed = rows.filter((r) => r.status === "collapsed");
	if (collapsed.length > 0)
		notes.push(
			`For ${joinNames(collapsed.map((r) => r.name))}, professional and intermediate backgrounds are shown together.`,
		);
	if (rows.some((r) => r.status === "too-few"))
		notes.push(`${noun} with fewer than ${k} answers are not broken down.`);
	const withheld = rows.filter((r) => refused.has(r.name));
	if (withheld.length > 0)
		notes.push(
			`${joinNames(withheld.map((r) => r.name))}: not shown, because the number of answers changed by fewer than ${k} since an earlier report and the two could be compared.`,
		);
	if (
		rows.some(
			(r) =>
				(r.status === "hidden" && !refused.has(r.name)) ||
				Object.values(r.shares).some((s) => s === null),
		)
	)
		notes.push(
			"[c] or “not shown”: hidden so that no one’s answer can be worked out.",
		);
	if (rows.some((r) => r.status === "shown" || r.status === "collapsed"))
		notes.push(
			`Shares are rounded to the nearest 5 points (1 point where a row has ${100 * k} or more answers) and may not sum to 100. Answer counts are rounded to the nearest 5.`,
		);
	return notes;
}

const supplementarySpecs: Record<
	"school" | "fsm" | "parents_degree",
	{
		focus: string;
		categories: string[];
		collapse?: CollapseGroup[];
		label: string;
	}
> = {
	school: {
		focus: "independent",
		categories: ["independent", "independent_bursary", "state"],
		// A handful of bursary answers should not blank the independent-school share: shown with state instead.
		collapse: [
			{ name: "independent", from: ["independent"] },
			{ name: "other_school", from: ["independent_bursary", "state"] },
		],
		label: "Went to an independent (fee-paying) school",
	},
	fsm: {
		focus: "fsm",
		categories: ["fsm", "not_fsm"],
		label: "Eligible for free school meals",
	},
	parents_degree: {
		focus: "first_generation",
		categories: ["first_generation", "not_first_generation"],
		label: "Neither parent had a degree by the time they were 18",
	},
};

function supplementaryMeasure(
	question: "school" | "fsm" | "parents_degree",
	tally: Tally,
	k: number,
): SupplementaryMeasure {
	const spec = supplementarySpecs[question];
	const counts = tally.supplementary[question] ?? {};
	const published = protectTable(
		{ categories: spec.categories, rows: [{ name: "Organisation", counts }] },
		{
			k,
			knownRowTotals: true,
			...(spec.collapse ? { collapse: spec.collapse } : {}),
		},
	);
	const row = published.rows[0] as ProtectedRow;
	const bursary = row.collapsed ? null : row.cells.independent_bursary?.percent;
	return {
		question,
		label: spec.label,
		percent: row.cells[spec.focus]?.percent ?? null,
		answers: row.n === null ? null : round5(row.n),
		benchmarkPercent:
			question === "school"
				? Math.round(100 * independentSchoolBenchmark.share)
				: null,
		benchmarkSource:
			question === "school" ? independentSchoolBenchmark.source : null,
		detail:
			bursary != null
				? `A further ${bursary}% went to an independent school with a bursary covering 90% or more of fees (not counted above).`
				: null,
	};
}

/** The names in their frozen order, then names found only in the answers in natural order. */
function orderedNames(
	order: readonly string[],
	seen: readonly string[],
): string[] {
	return [
		...order,
		...[...new Set(seen)].filter((g) => !order.includes(g)).sort(naturalOrder),
	];
}

type JointTables = Parameters<typeof protectJoint>[0];
type Joint = ReturnType<typeof protectJoint>;
type Refused = { group: Set<string>; grade: Set<string> };

/** R8: withholds rows that moved by 1..k−1 since the last report that showed them; repeats while that changes. */
function protectAgainstEarlier(
	tables: JointTables,
	k: number,
	earlier: readonly EarlierRelease[],
): { joint: Joint; refused: Refused } {
	const ledger = reportLedger(earlier);
	const refused: Refused = {
		group: new Set<string>(),
		grade: new Set<string>(),
	};
	const otherName = mergedGroupName;
	let joint = protectJoint(tables, { k, collapse, orderedB: true, otherName });
	while (refuseMovedRows(joint, ledger, k, refused))
		joint = protectJoint(tables, {
			k,
			collapse,
			orderedB: true,
			otherName,
			withholdA: [...refused.group],
			withholdB: [...refused.grade],
		});
	return { joint, refused };
}

/** An organisation-level share, where both tables' total rows show it and agree; otherwise null. */
function sharedShare(joint: Joint, key: string): number | null {
	const shown = joint.a.total.cells[key]?.percent;
	return shown != null && joint.b.total.cells[key]?.percent === shown
		? shown
		: null;
}

/** The organisation-level notes: why nothing is broken down, or that two backgrounds are shown together. */
function organisationNotes(
	N: number,
	k: number,
	published: boolean,
	total: ProtectedRow,
	collapsedShare: number | null,
): string[] {
	if (N < k)
		return [
			`Fewer than ${k} answers could be classified, so no breakdown is published.`,
		];
	if (!published)
		return [
			"Nearly everyone gave answers in one group, so no breakdown is published: it would reveal what almost everyone answered.",
		];
	if (total.collapsed)
		return [
			`Professional and intermediate backgrounds are shown together at organisation level: ${collapsedShare ?? "[c]"}%.`,
		];
	return [];
}

/** One published breakdown (by department or by grade), every row hidden when nothing is published. */
function breakdownTable(
	t: ProtectedTable,
	dimension: "group" | "grade",
	context: {
		k: number;
		published: boolean;
		refused: ReadonlySet<string>;
		launch: ReadonlyMap<string, readonly string[]>;
	},
): BreakdownTable {
	const rows = t.rows.map((r) => {
		const row = breakdownRow(r, t);
		return context.published || row.status === "too-few"
			? row
			: { ...row, status: "hidden" as const, shares: {}, step: null };
	});
	return {
		dimension,
		title:
			dimension === "group" ? "By department" : "By grade (junior to senior)",
		columns,
		rows,
		footnotes: footnotes(
			rows,
			context.k,
			context.refused,
			dimension === "group" ? "Departments" : "Grades",
			dimension === "group" ? context.launch : new Map(),
		),
	};
}

/** Progression over grades whose working-class share is published, with their exact counts. */
function gradeProgression(
	gradeRows: CountTable["rows"],
	joint: ProtectedTable,
	byGrade: BreakdownTable,
	k: number,
): CampaignReport["progression"] {
	const gradeCounts = new Map<string, GradeCounts>();
	for (const r of gradeRows) {
		const into =
			joint.merged.find((m) => m.from.includes(r.name))?.into ?? r.name;
		const g = gradeCounts.get(into) ?? {
			name: into,
			lowerSeb: 0,
			classified: 0,
		};
		g.lowerSeb += r.counts.working_class ?? 0;
		g.classified += sebGroups.reduce((s, c) => s + (r.counts[c] ?? 0), 0);
		gradeCounts.set(into, g);
	}
	const analysed = byGrade.rows
		.filter(
			(r) =>
				(r.status === "shown" || r.status === "collapsed") &&
				r.shares.working_class != null,
		)
		.map((r) => gradeCounts.get(r.name) as GradeCounts);
	const progression = progressionVerdict(analysed, { k });
	return {
		verdict: progression.verdict,
		cliffAt: progression.cliffAt ?? null,
		sentence: progression.sentence,
		workingClassByGrade: byGrade.rows.map((r) => ({
			grade: r.name,
			percent:
				r.status === "shown" || r.status === "collapsed"
					? (r.shares.working_class ?? null)
					: null,
		})),
	};
}

/** For the release ledger: the respondents behind the organisation and every row the report shows. */
function releaseCounts(
	joint: Joint,
	N: number,
	published: boolean,
): Record<string, number> {
	const counts: Record<string, number> = { "organisation:All": N };
	for (const [prefix, t] of [
		["group", joint.a],
		["grade", joint.b],
	] as const)
		for (const r of t.rows)
			if (shows(r) && r.n !== null && published)
				counts[`${prefix}:${r.name}`] = r.n;
	return counts;
}

/**
 * Builds the published report (issue: disclosure-safe results). The key question is published for the
 * organisation, by reporting group and by grade, protected together by `protectJoint` (k, homogeneity,
 * collapsing, complementary suppression with the insider margin, rounding, and the joint audit with every
 * group × grade count known). Rows whose respondent count moved by 1 to k − 1 since an earlier report that
 * showed them are withheld (R8). Supplementary measures are organisation-level only.
 */
export function buildReport(
	input: ReportInput,
	tally: Tally,
	earlier: readonly EarlierRelease[],
): BuiltReport {
	const k = input.minCellSize;
	const launch = new Map(
		input.mergedAtLaunch.map((g) => [g.name, g.departments] as const),
	);
	const grades = orderedNames(
		input.gradeOrder,
		tally.cross.map((c) => c.b),
	);
	const groups = orderedNames(
		input.groupOrder,
		tally.cross.map((c) => c.a),
	);
	const tables = {
		a: countTable(groups, (c) => c.a, tally),
		b: countTable(grades, (c) => c.b, tally),
		cross: tally.cross,
	};
	const { joint, refused } = protectAgainstEarlier(tables, k, earlier);

	const N = tally.cross.reduce(
		(s, c) => s + sebGroups.reduce((t, g) => t + (c.counts[g] ?? 0), 0),
		0,
	);
	const total = joint.a.total;
	const published = N >= k && shows(total) && shows(joint.b.total);
	const notes = organisationNotes(
		N,
		k,
		published,
		total,
		sharedShare(joint, collapsedColumn),
	);
	const groupShares: GroupShare[] = sebGroups.map((g) => ({
		group: g,
		label: groupLabels[g],
		percent: published ? sharedShare(joint, g) : null,
		benchmarkPercent: Math.round(100 * nationalBenchmark[g]),
	}));
	const byGroup = breakdownTable(joint.a, "group", {
		k,
		published,
		refused: refused.group,
		launch,
	});
	const byGrade = breakdownTable(joint.b, "grade", {
		k,
		published,
		refused: refused.grade,
		launch,
	});
	const progression = gradeProgression(tables.b.rows, joint.b, byGrade, k);

	const supplementary = input.questions
		.filter((q): q is "school" | "fsm" | "parents_degree" => q !== "key")
		.map((q) => supplementaryMeasure(q, tally, k));

	const responded = input.responded;
	const classifiableStep = roundingStep(tally.responses, k);
	const base = {
		format: "census-report/2" as const,
		campaignId: input.campaignId,
		campaignName: input.campaignName,
		closedOn: input.closedOn,
		invited: input.invited,
		responded,
		responseRatePercent:
			input.invited === 0 ? 0 : Math.round((100 * responded) / input.invited),
		targetRatePercent: input.targetRatePercent,
		classified: N >= k ? round5(N) : null,
		classifiableRatePercent:
			N >= k && tally.responses > 0
				? roundPercent(N, tally.responses, classifiableStep)
				: null,
		minCellSize: k,
		published,
		groups: groupShares,
		groupsStep: published ? total.step : null,
		byGroup,
		byGrade,
		progression,
		supplementary,
		benchmark: {
			version: nationalBenchmark.version,
			source: nationalBenchmark.source,
		},
		notes,
	};
	const report: CampaignReport = { ...base, takeaways: writeTakeaways(base) };
	return { report, counts: releaseCounts(joint, N, published) };
}
