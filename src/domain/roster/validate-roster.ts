import type { RosterIssue } from "./roster-problem.js";
import {
	parseRosterRow,
	type RosterColumn,
	type RosterFields,
	type RosterProblem,
	type RosterRow,
	requiredRosterColumns,
	rosterColumns,
} from "./roster-row.js";
import { rosterRowFitsInBallot, tooLongToSealIssue } from "./sealable-names.js";

/** One CSV record as read from the file: its fields in header order and the line it starts on. */
export type RosterRecord = { line: number; values: readonly string[] };

/** The outcome of validating a roster file: every row, or every problem found. */
export type RosterValidation =
	| { ok: true; rows: RosterRow[] }
	| { ok: false; problems: RosterProblem[] };

const HEADER_LINE = 1;
const known = new Set<string>(rosterColumns);

function listColumns(names: readonly string[]): string {
	return names.map((n) => JSON.stringify(n)).join(", ");
}

/** Checks the header row; returns the column of each position, or the problems. */
function checkHeader(
	header: readonly string[],
):
	| { ok: true; columns: RosterColumn[] }
	| { ok: false; problems: RosterProblem[] } {
	const problem = (
		code: RosterIssue["code"],
		values: RosterIssue["values"],
	): RosterProblem => ({ line: HEADER_LINE, code, values });
	const names = header.map((h) => h.trim().toLowerCase());
	if (names.length === 0 || names.every((n) => n === "")) {
		return {
			ok: false,
			problems: [
				problem("headerMissing", { columns: rosterColumns.join(",") }),
			],
		};
	}
	const problems: RosterProblem[] = [];
	const blank = names.flatMap((n, i) => (n === "" ? [i + 1] : []));
	if (blank.length > 0) {
		problems.push(problem("headerBlank", { positions: blank.join(", ") }));
	}
	const seen = new Set<string>();
	const repeated = new Set<string>();
	for (const n of names) {
		if (n !== "" && seen.has(n)) repeated.add(n);
		seen.add(n);
	}
	if (repeated.size > 0) {
		problems.push(
			problem("headerRepeated", { columns: listColumns([...repeated]) }),
		);
	}
	const unknown = names.filter((n) => n !== "" && !known.has(n));
	if (unknown.length > 0) {
		problems.push(
			problem("headerUnknown", {
				n: unknown.length,
				columns: listColumns(unknown),
				allowed: rosterColumns.join(", "),
			}),
		);
	}
	const missing = requiredRosterColumns.filter((c) => !seen.has(c));
	if (missing.length > 0) {
		problems.push(
			problem("headerRequired", {
				n: missing.length,
				columns: listColumns(missing),
			}),
		);
	}
	if (problems.length > 0) return { ok: false, problems };
	return { ok: true, columns: names as RosterColumn[] };
}

/** Remembers the first line of each value and reports later lines that repeat it. */
class DuplicateTracker {
	private readonly firstLine = new Map<string, number>();

	constructor(private readonly column: RosterColumn) {}

	check(
		value: string | undefined,
		line: number,
		problems: RosterProblem[],
	): void {
		if (value === undefined || value === "") return;
		const first = this.firstLine.get(value);
		if (first === undefined) {
			this.firstLine.set(value, line);
			return;
		}
		problems.push({
			line,
			code: "duplicate",
			values: { column: this.column, given: JSON.stringify(value), first },
		});
	}
}

/** How many problems a validation keeps to show; the others are only counted. */
const KEPT_PROBLEMS = 1_000;

/**
 * Validates a roster file one record at a time (header, rows, in-file duplicates), so a file of any size can be
 * read as a stream: only what duplicate checks need (each email and chat id once) is remembered, never the rows.
 * Problems are kept in file order up to a thousand, and all are counted.
 */
export class RosterValidator {
	/** The first problems found (up to a thousand), in the order found. */
	readonly problems: RosterProblem[] = [];
	/** How many problems were found in all. */
	problemCount = 0;
	/** How many records were read. */
	records = 0;
	private readonly emails: DuplicateTracker | null;
	private readonly slackIds: DuplicateTracker | null;
	private readonly teamsIds: DuplicateTracker | null;

	private constructor(
		private readonly columns: RosterColumn[],
		duplicates: boolean,
	) {
		this.emails = duplicates ? new DuplicateTracker("email") : null;
		this.slackIds = duplicates ? new DuplicateTracker("slack_user_id") : null;
		this.teamsIds = duplicates ? new DuplicateTracker("teams_user_id") : null;
	}

	/**
	 * A validator for rows under this header, or the header's problems. Without `duplicates` it checks each row by
	 * itself only, remembering nothing (a second read of a file whose duplicates were checked, where the database's
	 * unique keys stand guard).
	 */
	static forHeader(
		header: readonly string[],
		opts: { duplicates: boolean } = { duplicates: true },
	):
		| { ok: true; validator: RosterValidator }
		| { ok: false; problems: RosterProblem[] } {
		const head = checkHeader(header);
		return head.ok
			? {
					ok: true,
					validator: new RosterValidator(head.columns, opts.duplicates),
				}
			: head;
	}

	/** Checks one record; returns its row when it is valid by itself (a later duplicate is still a problem). */
	check({ line, values }: RosterRecord): RosterRow | null {
		this.records++;
		const { columns } = this;
		const problems: RosterProblem[] = [];
		let row: RosterRow | null = null;
		if (values.length !== columns.length) {
			problems.push({
				line,
				code: "fieldCount",
				values: { fields: values.length, columns: columns.length },
			});
		} else {
			const fields: RosterFields = {};
			columns.forEach((column, i) => {
				fields[column] = values[i] ?? "";
			});
			const parsed = parseRosterRow(fields);
			if (
				parsed.ok &&
				!rosterRowFitsInBallot(parsed.row.department, parsed.row.grade)
			)
				problems.push({ line, ...tooLongToSealIssue() });
			else if (parsed.ok) row = parsed.row;
			else
				for (const issue of parsed.reasons) problems.push({ line, ...issue });
			this.emails?.check(fields.email?.trim().toLowerCase(), line, problems);
			this.slackIds?.check(fields.slack_user_id?.trim(), line, problems);
			this.teamsIds?.check(fields.teams_user_id?.trim(), line, problems);
		}
		for (const p of problems) this.problem(p);
		return problems.length === 0 ? row : null;
	}

	/** Every problem once the last record is read (counted), the first thousand kept; none when the file is valid. */
	finish(): { problems: RosterProblem[]; count: number } {
		if (this.records === 0)
			this.problem({ line: HEADER_LINE, code: "noPeople", values: {} });
		return { problems: this.problems, count: this.problemCount };
	}

	private problem(p: RosterProblem): void {
		this.problemCount++;
		if (this.problems.length < KEPT_PROBLEMS) this.problems.push(p);
	}
}

/** Validates a roster file held in memory (header, rows, in-file duplicates); on success one row per record, in order. */
export function validateRoster(
	records: Iterable<RosterRecord>,
	header: readonly string[],
): RosterValidation {
	const head = RosterValidator.forHeader(header);
	if (!head.ok) return head;
	const rows: RosterRow[] = [];
	for (const record of records) {
		const row = head.validator.check(record);
		if (row) rows.push(row);
	}
	const { problems } = head.validator.finish();
	return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}
