import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import cliProgress from "cli-progress";
import {
	conflictProblems,
	reachWarning,
	rosterImportWords,
	rosterProblemLines,
} from "../chat/admin/roster-import-words.js";
import type { Platform } from "../domain/deliveries/platform.js";
import { isIdless } from "../domain/roster/is-idless.js";
import {
	RosterCsvSyntaxError,
	type RosterCsvVisitor,
	visitRosterCsv,
} from "../domain/roster/parse-roster-csv.js";
import { RosterConflictError } from "../domain/roster/roster-import-store.js";
import type { RosterProblem } from "../domain/roster/roster-row.js";
import { RosterValidator } from "../domain/roster/validate-roster.js";
import { createPrismaClient } from "../storage/prisma-client.js";
import {
	DeactivationGuardError,
	RosterRepository,
	type StagedRow,
	type StreamedImportResult,
} from "../storage/roster-repository.js";
import { guardMessage, tooMany } from "./full-import-guard.js";

const MAX_PROBLEMS_SHOWN = 50;
const PARSE_PROGRESS_BYTES = 1024 * 1024;
const WRITE_PROGRESS_ROWS = 5_000;

/** Rows handed to the database at a time on the import's second read of the file. */
const STAGE_ROWS = 5_000;

type Progress = { update(done: number): void; stop(): void };

/** Raised for a file that cannot be read at all (exit code 2). */
class UnreadableFileError extends Error {}

/** Raised when the file read the second time is not the file checked the first time (exit code 1). */
class FileChangedError extends Error {}

/** The import's words as an upload in chat says them, in English (UK): this is an operator's tool. */
const words = rosterImportWords();

/** `1 person`, `2 people` (the command line's own sentences). */
const people = (n: number) =>
	`${n.toLocaleString("en-US")} ${n === 1 ? "person" : "people"}`;

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

/** Streams the CSV to `visit`: its header, then each record with the line it starts on. Holds no records. */
async function readCsv(
	file: string,
	showProgress: boolean,
	visit: RosterCsvVisitor,
): Promise<void> {
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
	let readError: unknown;
	input.on("error", (err) => {
		readError = err;
	});
	try {
		await visitRosterCsv(input, visit);
	} catch (err) {
		// The file's own read failures only: a bad record or the visitor's failure (staging) passes as it is.
		if (readError !== undefined && err === readError)
			throw new UnreadableFileError(describeReadError(file, err));
		throw err;
	} finally {
		progress.stop();
		input.destroy();
	}
}

function printProblems(
	say: (line: string) => void,
	file: string,
	problems: readonly RosterProblem[],
	total = problems.length,
): void {
	for (const line of rosterProblemLines(
		file,
		problems,
		MAX_PROBLEMS_SHOWN,
		undefined,
		total,
	))
		say(line);
}

/** What the first read of the file found: its problems, or how many rows it has and which no platform reaches. */
type FirstRead =
	| { ok: false; problems: RosterProblem[]; total: number }
	| {
			ok: true;
			header: string[];
			rows: number;
			idless: { count: number; emails: string[] | null };
	  };

/** The first read: validates every record as it streams by, remembering only what duplicate checks need. */
async function checkFile(
	file: string,
	showProgress: boolean,
	reach: { platforms: readonly Platform[]; list: boolean } | undefined,
): Promise<FirstRead> {
	let header: string[] = [];
	let validator = null as RosterValidator | null;
	const idless = { count: 0, emails: reach?.list ? ([] as string[]) : null };
	await readCsv(file, showProgress, {
		header(h) {
			header = h;
			const checked = RosterValidator.forHeader(h);
			if (checked.ok) validator = checked.validator;
		},
		record(record) {
			const row = validator?.check(record);
			if (row && reach && isIdless(row, reach.platforms)) {
				idless.count++;
				idless.emails?.push(row.email);
			}
		},
	});
	const v = validator;
	if (!v) {
		// The header's problems (or its absence, in an empty file).
		const checked = RosterValidator.forHeader(header);
		const problems = checked.ok ? [] : checked.problems;
		return { ok: false, problems, total: problems.length };
	}
	const found = v.finish();
	if (found.count > 0)
		return { ok: false, problems: found.problems, total: found.count };
	return { ok: true, header, rows: v.records, idless };
}

/**
 * The second read, inside the import's transaction: each row checked again (the file must be the one the first read
 * passed) and staged `STAGE_ROWS` at a time.
 */
async function stageFile(
	file: string,
	first: { header: string[]; rows: number },
	stage: (rows: readonly StagedRow[]) => Promise<void>,
): Promise<void> {
	// Duplicates were checked on the first read; here the staging table's and the roster's unique keys stand guard.
	const checked = RosterValidator.forHeader(first.header, {
		duplicates: false,
	});
	if (!checked.ok) throw new FileChangedError();
	const validator = checked.validator;
	let batch: StagedRow[] = [];
	await readCsv(file, false, {
		header(h) {
			if (h.join("\u0000") !== first.header.join("\u0000"))
				throw new FileChangedError();
		},
		async record(record) {
			const row = validator.check(record);
			if (!row) throw new FileChangedError();
			batch.push({ line: record.line, row });
			if (batch.length >= STAGE_ROWS) {
				await stage(batch);
				batch = [];
			}
		},
	});
	if (batch.length > 0) await stage(batch);
	if (validator.finish().count > 0 || validator.records !== first.rows)
		throw new FileChangedError();
}

/** The last meaningful line of an error message (driver errors are long and multi-line). */
function briefly(err: unknown): string {
	const text = err instanceof Error ? err.message : String(err);
	const lines = text.split("\n").map((l) => l.trim());
	return lines.filter((l) => l !== "").pop() ?? "unknown error";
}

type RosterImportArgs = {
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
};

type Say = (line: string) => void;

/** The first read, or the exit code once its problems are printed. */
async function firstRead(
	args: RosterImportArgs,
	say: Say,
): Promise<Extract<FirstRead, { ok: true }> | number> {
	let first: FirstRead;
	try {
		first = await checkFile(
			args.file,
			args.progress ?? false,
			args.reach
				? {
						platforms: args.reach.platforms,
						list: args.listUnreachable ?? false,
					}
				: undefined,
		);
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
	if (!first.ok) {
		printProblems(say, args.file, first.problems, first.total);
		return 1;
	}
	return first;
}

/** What a dry run would do, or what the import did, to the roster. */
function sayOutcome(
	args: RosterImportArgs,
	result: StreamedImportResult,
	say: Say,
): void {
	if (args.dryRun) {
		say(words.dryRun(result.rows));
		if (args.full) {
			const { leaving, active } = result;
			if (leaving > 0)
				say(
					tooMany(leaving, active, args.full.maxShare)
						? guardMessage(leaving, active, args.full.maxShare, "would refuse")
						: `${people(leaving)} on the roster ${leaving === 1 ? "is" : "are"} not in this CSV; they would leave the roster.`,
				);
		} else if (result.notInFile > 0) say(words.others(result.notInFile, false));
		return;
	}
	say(words.imported(result.rows, result));
	if (args.full) {
		if (result.deactivated > 0)
			say(
				`${people(result.deactivated)} not in this CSV left the roster: they are not invited or counted, and their details are erased once the retention period has passed.`,
			);
	} else if (result.notInFile > 0) say(words.others(result.notInFile, true));
}

/** Says why the import wrote nothing; returns its exit code. */
function sayFailure(args: RosterImportArgs, err: unknown, say: Say): number {
	if (err instanceof DeactivationGuardError && args.full) {
		say(guardMessage(err.leaving, err.active, args.full.maxShare, "refused"));
		return 1;
	}
	if (err instanceof RosterConflictError) {
		const { conflicts } = err;
		if (conflicts.length === 0) say(`${err.message}. Nothing was imported.`);
		else printProblems(say, args.file, conflictProblems(conflicts));
		return 1;
	}
	if (err instanceof FileChangedError) {
		say(
			`${args.file} changed while it was being imported; nothing was imported. Run the import again once it is complete.`,
		);
		return 1;
	}
	if (err instanceof UnreadableFileError) {
		say(`${err.message} Nothing was imported.`);
		return 2;
	}
	say(`The import failed and nothing was written: ${briefly(err)}`);
	return 2;
}

/** Imports (or on a dry run, checks) a roster CSV; returns 0 ok, 1 bad rows or id clashes, 2 usage/IO error. */
export async function runRosterImport(args: RosterImportArgs): Promise<number> {
	const out = args.out ?? process.stdout;
	const say = (line: string) => {
		out.write(`${line}\n`);
	};
	// Two reads of the file, neither holding its rows: the first validates everything (nothing is written if any row
	// is bad); the second, inside one transaction, stages the rows for the database to check and upsert.
	const checked = await firstRead(args, say);
	if (typeof checked === "number") return checked;
	const prisma = createPrismaClient(args.databaseUrl);
	const repository = new RosterRepository(prisma);
	try {
		const progress = startProgress(
			"Importing",
			checked.rows,
			!args.dryRun &&
				(args.progress ?? false) &&
				checked.rows > WRITE_PROGRESS_ROWS,
		);
		let result: StreamedImportResult;
		try {
			result = await repository.importStream(
				(stage) => stageFile(args.file, checked, stage),
				{
					dryRun: args.dryRun,
					...(args.full ? { missing: args.full } : {}),
					onProgress: (done) => progress.update(done),
				},
			);
		} finally {
			progress.stop();
		}
		sayOutcome(args, result, say);
		if (args.reach)
			for (const line of reachWarning(
				checked.idless,
				args.reach.platforms,
				args.reach.directories,
			))
				say(line);
		return 0;
	} catch (err) {
		return sayFailure(args, err, say);
	} finally {
		await prisma.$disconnect().catch(() => undefined);
	}
}
