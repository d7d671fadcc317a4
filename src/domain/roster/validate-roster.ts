import {
	parseRosterRow,
	type RosterColumn,
	type RosterFields,
	type RosterProblem,
	type RosterRow,
	requiredRosterColumns,
	rosterColumns,
} from "./roster-row.js";
import {
	rosterRowFitsInBallot,
	tooLongToSealReason,
} from "./sealable-names.js";

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
	const problem = (reason: string): RosterProblem => ({
		line: HEADER_LINE,
		reason,
	});
	const names = header.map((h) => h.trim().toLowerCase());
	if (names.length === 0 || names.every((n) => n === "")) {
		return {
			ok: false,
			problems: [
				problem(
					`the header row is missing; expected columns: ${rosterColumns.join(",")}`,
				),
			],
		};
	}
	const problems: RosterProblem[] = [];
	const blank = names.flatMap((n, i) => (n === "" ? [i + 1] : []));
	if (blank.length > 0) {
		problems.push(problem(`header column ${blank.join(", ")} has no name`));
	}
	const seen = new Set<string>();
	const repeated = new Set<string>();
	for (const n of names) {
		if (n !== "" && seen.has(n)) repeated.add(n);
		seen.add(n);
	}
	if (repeated.size > 0) {
		problems.push(
			problem(`columns appear more than once: ${listColumns([...repeated])}`),
		);
	}
	const unknown = names.filter((n) => n !== "" && !known.has(n));
	if (unknown.length > 0) {
		const noun = unknown.length === 1 ? "unknown column" : "unknown columns";
		problems.push(
			problem(
				`${noun} ${listColumns(unknown)}; allowed columns are ${rosterColumns.join(", ")}`,
			),
		);
	}
	const missing = requiredRosterColumns.filter((c) => !seen.has(c));
	if (missing.length > 0) {
		const noun =
			missing.length === 1
				? "missing required column"
				: "missing required columns";
		problems.push(problem(`${noun} ${listColumns(missing)}`));
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
			reason: `${this.column} ${JSON.stringify(value)} is also on line ${first}`,
		});
	}
}

/** Validates a roster file (header, rows, in-file duplicates); on success one row per record, in order. */
export function validateRoster(
	records: Iterable<RosterRecord>,
	header: readonly string[],
): RosterValidation {
	const head = checkHeader(header);
	if (!head.ok) return head;
	const { columns } = head;
	const problems: RosterProblem[] = [];
	const rows: RosterRow[] = [];
	const emails = new DuplicateTracker("email");
	const slackIds = new DuplicateTracker("slack_user_id");
	const teamsIds = new DuplicateTracker("teams_user_id");
	let count = 0;
	for (const { line, values } of records) {
		count++;
		if (values.length !== columns.length) {
			problems.push({
				line,
				reason: `has ${values.length} fields but the header has ${columns.length}`,
			});
			continue;
		}
		const fields: RosterFields = {};
		columns.forEach((column, i) => {
			fields[column] = values[i] ?? "";
		});
		const parsed = parseRosterRow(fields);
		if (
			parsed.ok &&
			!rosterRowFitsInBallot(parsed.row.department, parsed.row.grade)
		)
			problems.push({ line, reason: tooLongToSealReason() });
		else if (parsed.ok) rows.push(parsed.row);
		else for (const reason of parsed.reasons) problems.push({ line, reason });
		emails.check(fields.email?.trim().toLowerCase(), line, problems);
		slackIds.check(fields.slack_user_id?.trim(), line, problems);
		teamsIds.check(fields.teams_user_id?.trim(), line, problems);
	}
	if (count === 0) {
		problems.push({
			line: HEADER_LINE,
			reason: "the file has a header but no people below it",
		});
	}
	return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}
