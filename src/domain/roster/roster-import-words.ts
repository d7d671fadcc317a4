import type {
	RosterIdConflict,
	RosterImportCounts,
} from "./roster-import-store.js";
import type { RosterProblem } from "./roster-row.js";

/** A count as the import reports it (`1,234`). */
export const count = (n: number) => n.toLocaleString("en-US");

/** `1 person`, `2 people`. */
export const people = (n: number) =>
	`${count(n)} ${n === 1 ? "person" : "people"}`;

/** The same words wherever a roster is imported: the command line and an upload in chat. */
export const rosterImportWords = {
	/** The first line about a file with problems; `file` is how the reader knows it (its name). */
	problems(file: string, n: number): string {
		return `${file} has ${count(n)} ${n === 1 ? "problem" : "problems"}; nothing was imported.`;
	},
	problem(p: RosterProblem): string {
		return `line ${p.line}: ${p.reason}`;
	},
	moreProblems(rest: number): string {
		return `...and ${count(rest)} more ${rest === 1 ? "problem" : "problems"}.`;
	},
	dryRun(rows: number): string {
		return `Dry run: ${count(rows)} ${rows === 1 ? "row is" : "rows are"} valid; nothing was written.`;
	},
	imported(rows: number, counts: RosterImportCounts): string {
		const unchanged =
			counts.unchanged > 0 ? `, ${count(counts.unchanged)} unchanged` : "";
		return `Imported ${people(rows)}: ${count(counts.created)} new, ${count(counts.updated)} updated${unchanged}.`;
	},
	/** People on file who are not in the CSV, and what happens (or happened) to them. */
	others(n: number, outcome: string): string {
		return `${people(n)} on file ${n === 1 ? "is" : "are"} not in this CSV; ${outcome}.`;
	},
};

/**
 * The lines about a file's problems: how many (`total`, when more were found than kept), then the first `max` with
 * their line numbers. `inert` makes a reason (which quotes the file's cells) inert in the reader's markup.
 */
export function rosterProblemLines(
	file: string,
	problems: readonly RosterProblem[],
	max: number,
	inert: (s: string) => string = (s) => s,
	total = problems.length,
): string[] {
	const lines = [rosterImportWords.problems(file, total)];
	for (const p of problems.slice(0, max))
		lines.push(inert(rosterImportWords.problem(p)));
	const rest = total - Math.min(problems.length, max);
	if (rest > 0) lines.push(rosterImportWords.moreProblems(rest));
	return lines;
}

/** Chat id clashes with people already on file, as problems on the lines of the file that carry them. */
export function conflictProblems(
	conflicts: readonly RosterIdConflict[],
): RosterProblem[] {
	return conflicts
		.map((c) => ({
			line: c.line,
			reason: `${c.column} ${JSON.stringify(c.id)} already belongs to ${c.heldBy}, who is not changed by this file`,
		}))
		.sort((a, b) => a.line - b.line);
}
