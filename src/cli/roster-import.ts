import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import cliProgress from "cli-progress";
import type { Platform } from "../domain/deliveries/platform.js";
import {
	parseRosterCsv,
	type RosterCsv,
	RosterCsvSyntaxError,
} from "../domain/roster/parse-roster-csv.js";
import { reachWarning } from "../domain/roster/reach-warning.js";
import {
	RosterConflictError,
	type RosterImportCounts,
} from "../domain/roster/roster-import-store.js";
import {
	conflictProblems,
	people,
	rosterProblemLines,
	rosterImportWords as words,
} from "../domain/roster/roster-import-words.js";
import type { RosterProblem } from "../domain/roster/roster-row.js";
import { validateRoster } from "../domain/roster/validate-roster.js";
import { createPrismaClient } from "../storage/prisma-client.js";
import {
	DeactivationGuardError,
	RosterRepository,
} from "../storage/roster-repository.js";
import { guardMessage, tooMany } from "./full-import-guard.js";

const MAX_PROBLEMS_SHOWN = 50;
const PARSE_PROGRESS_BYTES = 1024 * 1024;
const WRITE_PROGRESS_ROWS = 5_000;

type Progress = { update(done: number): void; stop(): void };
type CsvContent = RosterCsv;

/** Raised for a file that cannot be read at all (exit code 2). */
class UnreadableFileError extends Error {}

const others = words.others;

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
	let bytes = 0;
	input.on("data", (chunk) => {
		bytes += chunk.length;
		progress.update(bytes);
	});
	try {
		return await parseRosterCsv(input);
	} catch (err) {
		if (err instanceof RosterCsvSyntaxError) throw err;
		throw new UnreadableFileError(describeReadError(file, err));
	} finally {
		progress.stop();
	}
}

function printProblems(
	say: (line: string) => void,
	file: string,
	problems: readonly RosterProblem[],
): void {
	for (const line of rosterProblemLines(file, problems, MAX_PROBLEMS_SHOWN))
		say(line);
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
		if (err instanceof RosterCsvSyntaxError) {
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
			say(words.dryRun(rows.length));
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
		say(words.imported(rows.length, counts));
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
