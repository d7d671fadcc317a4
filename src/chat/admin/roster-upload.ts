import { Readable } from "node:stream";
import type { Platform } from "../../domain/deliveries/platform.js";
import { isIdless } from "../../domain/roster/is-idless.js";
import {
	parseRosterCsv,
	type RosterCsv,
	RosterCsvSyntaxError,
} from "../../domain/roster/parse-roster-csv.js";
import type { PendingRosterUploads } from "../../domain/roster/pending-roster-uploads.js";
import {
	type NumberedRosterRow,
	RosterConflictError,
	type RosterImportStore,
} from "../../domain/roster/roster-import-store.js";
import type { RosterProblem } from "../../domain/roster/roster-row.js";
import { validateRoster } from "../../domain/roster/validate-roster.js";
import { english, type Translator } from "../../text/translator.js";
import type { Download } from "../download-file.js";
import type { Dialect } from "./dialect.js";
import {
	conflictProblems,
	reachWarning,
	rosterImportWords,
	rosterProblemLines,
} from "./roster-import-words.js";

/** The largest roster file taken in chat: 20 MB is some 200,000 people (the command line takes any size). */
export const maxRosterUploadBytes = 20 * 1024 * 1024;

/** How long an upload waits for its Confirm, in seconds. */
export const rosterUploadTtlSeconds = 15 * 60;

/** Problems listed in chat; the rest are counted (the command line's dry run lists 50). */
const problemsShown = 20;

/** What a roster upload in chat needs. */
export type RosterUploadDeps = {
	roster: RosterImportStore;
	pending: PendingRosterUploads;
	/** The configured platforms, and those that look people up by email, for the reach warning. */
	platforms: readonly Platform[];
	directories: readonly Platform[];
};

/** What the admin is told: a refusal or the problems (nothing imported), or the dry run and its Confirm. */
export type RosterUploadOutcome =
	| { kind: "refused"; text: string }
	| { kind: "checked"; text: string; uploadId: string; rows: number };

/** What the admin is told after a Confirm. */
export type RosterConfirmOutcome = { imported: boolean; text: string };

/** A file in chat as its platform describes it before it is downloaded. */
export type RosterFileInfo = { name: string; size: number | null };

/** Why a file is not taken before it is even downloaded (not a CSV, too large), in `t`, or null. */
export function rosterFileRefusal(
	d: Dialect,
	f: RosterFileInfo,
	t: Translator = english,
): string | null {
	if (!/\.csv$/i.test(f.name.trim()))
		return t.t("rosterUpload.notCsv", {
			file: d.escape(f.name),
			extension: d.code(".csv"),
		});
	if (f.size !== null && f.size > maxRosterUploadBytes)
		return tooLarge(d, f.name, t);
	return null;
}

/** The refusal of a file over the size limit, in `t`. */
export function tooLarge(
	d: Dialect,
	name: string,
	t: Translator = english,
): string {
	return t.t("rosterUpload.tooLarge", {
		file: d.escape(name),
		mb: maxRosterUploadBytes / 1024 / 1024,
		command: d.code("npm run roster -- import FILE.csv"),
	});
}

type Checked =
	| { ok: true; rows: NumberedRosterRow[] }
	| { ok: false; problems: RosterProblem[] };

/** Reads and validates the file, then looks for chat ids held by someone else: the command line's dry run. */
async function check(
	roster: RosterImportStore,
	text: string,
): Promise<Checked> {
	let csv: RosterCsv;
	try {
		csv = await parseRosterCsv(Readable.from([text]));
	} catch (err) {
		if (err instanceof RosterCsvSyntaxError)
			return { ok: false, problems: [err.problem] };
		throw err;
	}
	const validation = validateRoster(csv.records, csv.header);
	if (!validation.ok) return validation;
	// A valid file has a row for each record, in order: each row keeps its record's line.
	const rows = validation.rows.map((row, i) => ({
		line: csv.records[i]?.line ?? 0,
		row,
	}));
	const conflicts = await roster.findIdConflicts(rows);
	if (conflicts.length > 0)
		return { ok: false, problems: conflictProblems(conflicts) };
	return { ok: true, rows };
}

/** The problems with their line numbers in `t`, the file name and every reason escaped for the dialect. */
function escapedProblemText(
	d: Dialect,
	name: string,
	problems: RosterProblem[],
	t: Translator,
) {
	return rosterProblemLines(
		d.escape(name),
		problems,
		problemsShown,
		d.escape,
		problems.length,
		t,
	).join("\n");
}

function reachLines(
	deps: RosterUploadDeps,
	d: Dialect,
	rows: readonly NumberedRosterRow[],
	t: Translator,
) {
	const count = rows.filter(({ row }) => isIdless(row, deps.platforms)).length;
	return reachWarning(
		{ count, emails: null },
		deps.platforms,
		deps.directories,
		{ check: d.code(d.command("check")), listThem: null },
		t,
	);
}

/**
 * An admin's roster file, downloaded: the command line's dry run (every problem with its line number, or the
 * counts and the reach warning) in the admin's language `t`, and when it is valid the upload is kept for the
 * admin's Confirm. Writes nothing.
 */
export async function checkRosterUpload(
	deps: RosterUploadDeps,
	d: Dialect,
	uploader: string,
	file: { name: string; bytes: Uint8Array },
	t: Translator = english,
): Promise<RosterUploadOutcome> {
	const text = Buffer.from(file.bytes).toString("utf8");
	const checked = await check(deps.roster, text);
	if (!checked.ok)
		return {
			kind: "refused",
			text: escapedProblemText(d, file.name, checked.problems, t),
		};
	const words = rosterImportWords(t);
	const { rows } = checked;
	const missing = await deps.roster.countNotIn(
		rows.map(({ row }) => row.email),
	);
	const lines = [
		`${d.bold(d.escape(file.name))}: ${words.dryRun(rows.length)}`,
		...(missing > 0 ? [words.others(missing, false)] : []),
		...reachLines(deps, d, rows, t),
		t.t("rosterUpload.pressImport", {
			button: d.bold(t.t("rosterUpload.importLabel")),
			minutes: rosterUploadTtlSeconds / 60,
		}),
	];
	const uploadId = await deps.pending.put(uploader, {
		filename: file.name,
		csv: text,
	});
	return {
		kind: "checked",
		text: lines.join("\n"),
		uploadId,
		rows: rows.length,
	};
}

/**
 * The admin's Confirm: imports exactly the upload that was checked (all rows or none), once. A second Confirm, or
 * one after the upload expired, imports nothing and says so.
 */
export async function confirmRosterUpload(
	deps: RosterUploadDeps,
	d: Dialect,
	uploader: string,
	uploadId: string,
	t: Translator = english,
): Promise<RosterConfirmOutcome> {
	const upload = await deps.pending.take(uploader, uploadId);
	if (!upload)
		return {
			imported: false,
			text: t.t("rosterUpload.expired", {
				minutes: rosterUploadTtlSeconds / 60,
			}),
		};
	// Checked again: the roster may have changed since the dry run (an id now held by someone else).
	const checked = await check(deps.roster, upload.csv);
	if (!checked.ok)
		return {
			imported: false,
			text: escapedProblemText(d, upload.filename, checked.problems, t),
		};
	const words = rosterImportWords(t);
	const { rows } = checked;
	try {
		const counts = await deps.roster.importRows(rows);
		const missing = await deps.roster
			.countNotIn(rows.map(({ row }) => row.email))
			.catch(() => 0);
		return {
			imported: true,
			text: [
				`${d.bold(d.escape(upload.filename))}: ${words.imported(rows.length, counts)}`,
				...(missing > 0 ? [words.others(missing, true)] : []),
				...reachLines(deps, d, rows, t),
			].join("\n"),
		};
	} catch (err) {
		if (!(err instanceof RosterConflictError)) throw err;
		return {
			imported: false,
			text: escapedProblemText(
				d,
				upload.filename,
				conflictProblems(err.conflicts),
				t,
			),
		};
	}
}

/**
 * An admin's file as a platform hands it over, before download: refused unless it is a CSV within the size limit,
 * then downloaded (`download`, stopping at the limit) and checked as {@link checkRosterUpload} does.
 */
export async function receiveRosterUpload(
	deps: RosterUploadDeps,
	d: Dialect,
	uploader: string,
	file: RosterFileInfo & {
		download(maxBytes: number): Promise<Download>;
	},
	t: Translator = english,
): Promise<RosterUploadOutcome> {
	const refusal = rosterFileRefusal(d, file, t);
	if (refusal) return { kind: "refused", text: refusal };
	const got = await file.download(maxRosterUploadBytes);
	if (!got.ok)
		return {
			kind: "refused",
			text:
				got.reason === "too-large"
					? tooLarge(d, file.name, t)
					: t.t("rosterUpload.downloadFailed", { file: d.escape(file.name) }),
		};
	return checkRosterUpload(
		deps,
		d,
		uploader,
		{ name: file.name, bytes: got.bytes },
		t,
	);
}
