import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import cliProgress from "cli-progress";
import { parse } from "csv-parse";
import type { Platform } from "../domain/deliveries/platform.js";
import type { RosterProblem, RosterRow } from "../domain/roster/roster-row.js";
import {
	type RosterRecord,
	validateRoster,
} from "../domain/roster/validate-roster.js";
import { createPrismaClient } from "../storage/prisma-client.js";
import {
	DeactivationGuardError,
	RosterConflictError,
	type RosterIdConflict,
	type RosterImportCounts,
	RosterRepository,
} from "../storage/roster-repository.js";
import { guardMessage, tooMany } from "./full-import-guard.js";
import { reachWarning } from "./reach-warning.js";

const MAX_PROBLEMS_SHOWN = 50;
const PARSE_PROGRESS_BYTES = 1024 * 1024;
const WRITE_PROGRESS_ROWS = 5_000;

type Progress = { update(done: number): void; stop(): void };
type CsvContent = { header: string[]; records: RosterRecord[] };

/** Raised for a file that cannot be read at all (exit code 2). */
class UnreadableFileError extends Error {}

/** Raised for a file that is not well-formed CSV (exit code 1). */
class CsvSyntaxError extends Error {
	constructor(readonly problem: RosterProblem) {
		super(problem.reason);
	}
}

const count = (n: number) => n.toLocaleString("en-US");
const people = (n: number) => `${count(n)} ${n === 1 ? "person" : "people"}`;
const others = (n: number, outcome: string) =>
	`${people(n)} on file ${n === 1 ? "is" : "are"} not in this CSV; ${outcome}.`;

/** A progress bar on a terminal, a line per 10% otherwise, or nothing when disabled. */
function startProgress(
	label: string,
	total: number,
	enabled: boolean,
): Progress {
	if (!enabled || total <= 0) return { update() {}, stop() {} };
	const stderr = process.stderr;
	if (stderr.isTTY) {
		const bar = new cliProgress.SingleBar(
			{
				stream: stderr,
				format: `${label} [{bar}] {percentage}% | ETA {eta_formatted}`,
				hideCursor: true,
			},
			cliProgress.Presets.shades_classic,
		);
		bar.start(total, 0);
		return {
			update: (done) => bar.update(Math.min(done, total)),
			stop: () => bar.stop(),
		};
	}
	let next = 1;
	return {
		update(done) {
			const tenths = Math.floor((Math.min(done, total) / total) * 10);
			for (; next <= tenths; next++) stderr.write(`${label}: ${next * 10}%\n`);
		},
		stop() {},
	};
}

function describeReadError(file: string, err: unknown): string {
	const code = (err as NodeJS.ErrnoException).code;
	if (code === "ENOENT") return `Cannot read ${file}: the file does not exist.`;
	if (code === "EACCES" || code === "EPERM")
		return `Cannot read ${file}: permission denied.`;
	if (code === "EISDIR")
		return `Cannot read ${file}: it is a folder, not a file.`;
	return `Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`;
}

/** Describes a csv-parse error; an unclosed quote is reported where its record starts. */
function describeCsvError(err: unknown, recordStart: number): RosterProblem {
	const e = err as { code?: string; lines?: number; message?: string };
	const at = typeof e.lines === "number" && e.lines > 0 ? e.lines : 1;
	const line = e.code === "CSV_QUOTE_NOT_CLOSED" ? recordStart : at;
	const reasons: Record<string, string> = {
		CSV_QUOTE_NOT_CLOSED:
			"a quoted field in this record is never closed (check the quotes)",
		CSV_INVALID_CLOSING_QUOTE:
			"a quoted field is followed by other characters (check the quotes)",
		CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE:
			"a quoted field is followed by other characters (check the quotes)",
	};
	const reason =
		reasons[e.code ?? ""] ??
		(e.message ?? "").replace(/\s*at line \d+.*$/s, "");
	return { line, reason: `the file is not valid CSV: ${reason}` };
}

/** Streams the CSV, keeping the header and the line each record starts on. */
async function readCsv(
	file: string,
	showProgress: boolean,
): Promise<CsvContent> {
	let size: number;
	try {
		const info = await stat(file);
		if (info.isDirectory())
			throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
		size = info.size;
	} catch (err) {
		throw new UnreadableFileError(describeReadError(file, err));
	}
	const progress = startProgress(
		"Reading",
		size,
		showProgress && size >= PARSE_PROGRESS_BYTES,
	);
	const input = createReadStream(file);
	const parser = parse({
		bom: true,
		trim: true,
		skip_empty_lines: true,
		info: true,
		relax_column_count: true,
	});
	let bytes = 0;
	input.on("data", (chunk) => {
		bytes += chunk.length;
		progress.update(bytes);
	});
	let readError: unknown;
	input.on("error", (err) => {
		readError = err;
		parser.destroy(err);
	});
	input.pipe(parser);
	const content: CsvContent = { header: [], records: [] };
	let seen = { lines: 0, empty: 0, comments: 0 };
	let first = true;
	try {
		for await (const { record, info } of parser as AsyncIterable<{
			record: string[];
			info: { lines: number; empty_lines: number; comment_lines: number };
		}>) {
			const line =
				seen.lines +
				1 +
				(info.empty_lines - seen.empty) +
				(info.comment_lines - seen.comments);
			seen = {
				lines: info.lines,
				empty: info.empty_lines,
				comments: info.comment_lines,
			};
			if (first) content.header = record;
			else content.records.push({ line, values: record });
			first = false;
		}
	} catch (err) {
		if (readError !== undefined)
			throw new UnreadableFileError(describeReadError(file, readError));
		throw new CsvSyntaxError(describeCsvError(err, seen.lines + 1));
	} finally {
		progress.stop();
	}
	return content;
}

function printProblems(
	say: (line: string) => void,
	file: string,
	problems: readonly RosterProblem[],
): void {
	const noun = problems.length === 1 ? "problem" : "problems";
	say(`${file} has ${count(problems.length)} ${noun}; nothing was imported.`);
	for (const p of problems.slice(0, MAX_PROBLEMS_SHOWN))
		say(`line ${p.line}: ${p.reason}`);
	const rest = problems.length - MAX_PROBLEMS_SHOWN;
	if (rest > 0)
		say(`...and ${count(rest)} more ${rest === 1 ? "problem" : "problems"}.`);
}

function conflictProblems(
	conflicts: readonly RosterIdConflict[],
	rows: readonly RosterRow[],
	records: readonly RosterRecord[],
): RosterProblem[] {
	const lineOf = new Map(rows.map((r, i) => [r.email, records[i]?.line ?? 0]));
	return conflicts
		.map((c) => ({
			line: lineOf.get(c.email) ?? 0,
			reason: `${c.column} ${JSON.stringify(c.id)} already belongs to ${c.heldBy}, who is not changed by this file`,
		}))
		.sort((a, b) => a.line - b.line);
}

/** The last meaningful line of an error message (driver errors are long and multi-line). */
function briefly(err: unknown): string {
	const text = err instanceof Error ? err.message : String(err);
	const lines = text.split("\n").map((l) => l.trim());
	return lines.filter((l) => l !== "").pop() ?? "unknown error";
}

/** Imports (or on a dry run, checks) a roster CSV; returns 0 ok, 1 bad rows or id clashes, 2 usage/IO error. */
export async function runRosterImport(args: {
	file: string;
	dryRun: boolean;
	databaseUrl: string;
	out?: NodeJS.WritableStream;
	progress?: boolean;
	/** `--full`: people not in the file leave the roster, up to this share of it (null: `--confirm`, any share). */
	full?: { maxShare: number | null };
	/** The configured platforms and those that can look people up by email, to warn about rows nobody can reach. */
	reach?: { platforms: readonly Platform[]; directories: readonly Platform[] };
	/** `--list-unreachable`: list those rows' emails too. */
	listUnreachable?: boolean;
}): Promise<number> {
	const out = args.out ?? process.stdout;
	const say = (line: string) => {
		out.write(`${line}\n`);
	};
	const showProgress = args.progress ?? false;
	let content: CsvContent;
	try {
		content = await readCsv(args.file, showProgress);
	} catch (err) {
		if (err instanceof UnreadableFileError) {
			say(err.message);
			return 2;
		}
		if (err instanceof CsvSyntaxError) {
			printProblems(say, args.file, [err.problem]);
			return 1;
		}
		say(`Cannot read ${args.file}: ${briefly(err)}`);
		return 2;
	}
	const validation = validateRoster(content.records, content.header);
	if (!validation.ok) {
		printProblems(say, args.file, validation.problems);
		return 1;
	}
	const { rows } = validation;
	const emails = rows.map((r) => r.email);
	const prisma = createPrismaClient(args.databaseUrl);
	const repository = new RosterRepository(prisma);
	try {
		const warnReach = () => {
			if (args.reach)
				for (const line of reachWarning(
					rows,
					args.reach.platforms,
					args.reach.directories,
					args.listUnreachable ?? false,
				))
					say(line);
		};
		if (args.dryRun) {
			const conflicts = await repository.findIdConflicts(rows);
			if (conflicts.length > 0) throw new RosterConflictError(conflicts);
			const noun = rows.length === 1 ? "row is" : "rows are";
			say(`Dry run: ${count(rows.length)} ${noun} valid; nothing was written.`);
			if (args.full) {
				const { leaving, active } = await repository.countMissing(emails);
				if (leaving > 0)
					say(
						tooMany(leaving, active, args.full.maxShare)
							? guardMessage(
									leaving,
									active,
									args.full.maxShare,
									"would refuse",
								)
							: `${people(leaving)} on the roster ${leaving === 1 ? "is" : "are"} not in this CSV; they would leave the roster.`,
					);
			} else {
				const missing = await repository.countNotIn(emails);
				if (missing > 0) say(others(missing, "they would be left unchanged"));
			}
			warnReach();
			return 0;
		}
		const progress = startProgress(
			"Importing",
			rows.length,
			showProgress && rows.length > WRITE_PROGRESS_ROWS,
		);
		let counts: RosterImportCounts & { deactivated: number };
		try {
			counts = await repository.importRows(
				rows,
				(done) => progress.update(done),
				args.full,
			);
		} finally {
			progress.stop();
		}
		const unchanged =
			counts.unchanged > 0 ? `, ${count(counts.unchanged)} unchanged` : "";
		say(
			`Imported ${people(rows.length)}: ${count(counts.created)} new, ${count(counts.updated)} updated${unchanged}.`,
		);
		if (args.full) {
			if (counts.deactivated > 0)
				say(
					`${people(counts.deactivated)} not in this CSV left the roster: they are not invited or counted, and their details are erased once the retention period has passed.`,
				);
		} else {
			// The import is committed: a failure to count the others must not read as a failed import.
			const missing = await repository.countNotIn(emails).catch(() => 0);
			if (missing > 0) say(others(missing, "they were left unchanged"));
		}
		warnReach();
		return 0;
	} catch (err) {
		if (err instanceof DeactivationGuardError && args.full) {
			say(guardMessage(err.leaving, err.active, args.full.maxShare, "refused"));
			return 1;
		}
		if (err instanceof RosterConflictError) {
			const { conflicts } = err;
			if (conflicts.length === 0) say(`${err.message}. Nothing was imported.`);
			else
				printProblems(
					say,
					args.file,
					conflictProblems(conflicts, rows, content.records),
				);
			return 1;
		}
		say(`The import failed and nothing was written: ${briefly(err)}`);
		return 2;
	} finally {
		await prisma.$disconnect().catch(() => undefined);
	}
}
