import type { Platform } from "../../domain/deliveries/platform.js";
import type {
	RosterIdConflict,
	RosterImportCounts,
} from "../../domain/roster/roster-import-store.js";
import type { RosterProblem } from "../../domain/roster/roster-problem.js";
import { english, type Translator } from "../../text/translator.js";
import { rosterProblemText } from "./roster-problem-text.js";

/** Leaves a value as it is: the command line's plain text. */
const asIs = (s: string) => s;

/**
 * The same words wherever a roster is imported, in the reader's language `t`: an upload in chat (the admin's
 * language) and the command line (English (UK)). Values are put in as they are given: the caller escapes names.
 */
export function rosterImportWords(t: Translator = english) {
	// Counts as the language writes them ("1,234").
	const count = (n: number) => new Intl.NumberFormat(t.locale).format(n);
	return {
		/** The first line about a file with problems; `file` is how the reader knows it (its name). */
		problems: (file: string, n: number) =>
			t.t("rosterUpload.problems", { file, n }),
		problem: (p: RosterProblem, inert: (s: string) => string = asIs) =>
			t.t("rosterUpload.problem", {
				line: p.line,
				reason: inert(rosterProblemText(p, t)),
			}),
		moreProblems: (rest: number) =>
			t.t("rosterUpload.moreProblems", { n: rest }),
		dryRun: (rows: number) => t.t("rosterUpload.dryRun", { n: rows }),
		imported: (rows: number, counts: RosterImportCounts) =>
			t.t(
				counts.unchanged > 0
					? "rosterUpload.importedUnchanged"
					: "rosterUpload.imported",
				{
					n: rows,
					created: count(counts.created),
					updated: count(counts.updated),
					unchanged: count(counts.unchanged),
				},
			),
		/** People on file who are not in the CSV, left unchanged (`done`) or to be left unchanged. */
		others: (n: number, done: boolean) =>
			t.t(done ? "rosterUpload.othersStayed" : "rosterUpload.othersWouldStay", {
				n,
			}),
	};
}

/**
 * The lines about a file's problems in `t`: how many (`total`, when more were found than kept), then the first `max`
 * with their line numbers. `file` comes escaped for the reader's markup; `inert` makes a reason (which quotes the
 * file's cells) inert in it.
 */
export function rosterProblemLines(
	file: string,
	problems: readonly RosterProblem[],
	max: number,
	inert: (s: string) => string = asIs,
	total = problems.length,
	t: Translator = english,
): string[] {
	const words = rosterImportWords(t);
	const lines = [words.problems(file, total)];
	for (const p of problems.slice(0, max)) lines.push(words.problem(p, inert));
	const rest = total - Math.min(problems.length, max);
	if (rest > 0) lines.push(words.moreProblems(rest));
	return lines;
}

/** Chat id clashes with people already on file, as problems on the lines of the file that carry them. */
export function conflictProblems(
	conflicts: readonly RosterIdConflict[],
): RosterProblem[] {
	return conflicts
		.map(
			(c): RosterProblem => ({
				line: c.line,
				code: "idClash",
				values: {
					column: c.column,
					id: JSON.stringify(c.id),
					heldBy: c.heldBy,
				},
			}),
		)
		.sort((a, b) => a.line - b.line);
}

/** How the reader asks for more: the reach check, and (on the command line) the list of those rows. */
export type ReachWarningHints = {
	/** The reach check as the reader runs it (`npm run roster -- check`, `/census check`). */
	check: string;
	/** How to list the rows' emails, or null where they are listed only by the reach check. */
	listThem: string | null;
};

/** The command line's hints. */
export const cliReachHints: ReachWarningHints = {
	check: "`npm run roster -- check`",
	listThem: "Add --list-unreachable to list them.",
};

/** The platforms as one of them or either ("Slack or Teams"), in `t`. */
function either(ps: readonly Platform[], t: Translator): string {
	const which =
		ps.includes("slack") && ps.includes("teams")
			? "both"
			: ps.includes("teams")
				? "teams"
				: "slack";
	return t.t("rosterUpload.reach.platforms", { which });
}

/**
 * What an import says, in `t`, about rows no configured platform can reach as they stand (`isIdless`, counted as
 * the file is read): looked up by email where a platform has a directory, otherwise never invited or counted. With
 * `idless.emails` (`--list-unreachable`), their emails are listed; otherwise the hints say how to see them.
 */
export function reachWarning(
	idless: { count: number; emails: readonly string[] | null },
	platforms: readonly Platform[],
	directories: readonly Platform[],
	hints: ReachWarningHints = cliReachHints,
	t: Translator = english,
): string[] {
	if (idless.count === 0) return [];
	const n = idless.count;
	const lookup = directories.filter((p) => platforms.includes(p));
	const lines =
		platforms.length === 0
			? [t.t("rosterUpload.reach.none", { n })]
			: lookup.length > 0
				? [
						t.t("rosterUpload.reach.lookedUp", {
							n,
							platforms: either(platforms, t),
							lookup: either(lookup, t),
							check: hints.check,
						}),
					]
				: [
						t.t("rosterUpload.reach.notInvited", {
							n,
							platforms: either(platforms, t),
						}),
					];
	if (idless.emails)
		for (const email of idless.emails) lines.push(`  ${email}`);
	else if (hints.listThem) lines.push(hints.listThem);
	return lines;
}
