import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import type { RosterProblem } from "./roster-row.js";
import type { RosterRecord } from "./validate-roster.js";

/** A roster CSV as read: its header row and each record with the line it starts on. */
export type RosterCsv = { header: string[]; records: RosterRecord[] };

/** Raised for content that is not well-formed CSV; the problem says where. */
export class RosterCsvSyntaxError extends Error {
	override name = "RosterCsvSyntaxError";

	constructor(readonly problem: RosterProblem) {
		super(`line ${problem.line}: ${problem.code}`);
	}
}

/** Describes a csv-parse error; an unclosed quote is reported where its record starts. */
function describeCsvError(err: unknown, recordStart: number): RosterProblem {
	const e = err as { code?: string; lines?: number; message?: string };
	const at = typeof e.lines === "number" && e.lines > 0 ? e.lines : 1;
	const line = e.code === "CSV_QUOTE_NOT_CLOSED" ? recordStart : at;
	if (e.code === "CSV_QUOTE_NOT_CLOSED")
		return { line, code: "csvQuoteNotClosed", values: {} };
	if (
		e.code === "CSV_INVALID_CLOSING_QUOTE" ||
		e.code === "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE"
	)
		return { line, code: "csvClosingQuote", values: {} };
	// The parser's own words (English), for what has no wording of ours.
	const detail = (e.message ?? "").replace(/\s*at line \d+.*$/s, "");
	return { line, code: "csvOther", values: { detail } };
}

/** What a read of a roster CSV does with its header and with each record after it (awaited: the read waits). */
export type RosterCsvVisitor = {
	header(header: string[]): void;
	record(record: RosterRecord): void | Promise<void>;
};

/**
 * Streams a roster CSV to `visit`: its header, then each record with the line it starts on; holds no records, so a
 * file of any size can be read. Throws {@link RosterCsvSyntaxError} for malformed CSV, the stream's own error when it
 * cannot be read, and whatever `visit` throws.
 */
export async function visitRosterCsv(
	input: Readable,
	visit: RosterCsvVisitor,
): Promise<void> {
	const parser = parse({
		bom: true,
		trim: true,
		skip_empty_lines: true,
		info: true,
		relax_column_count: true,
	});
	let readError: unknown;
	input.on("error", (err) => {
		readError = err;
		parser.destroy(err);
	});
	input.pipe(parser);
	let seen = { lines: 0, empty: 0, comments: 0 };
	let first = true;
	let visitFailed = false;
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
			try {
				if (first) visit.header(record);
				else await visit.record({ line, values: record });
			} catch (err) {
				visitFailed = true;
				throw err;
			}
			first = false;
		}
	} catch (err) {
		if (visitFailed) throw err;
		if (readError !== undefined) throw readError;
		throw new RosterCsvSyntaxError(describeCsvError(err, seen.lines + 1));
	}
}

/**
 * Reads a whole roster CSV from a stream (a download in chat, of bounded size), keeping the header and the line each
 * record starts on. Throws as {@link visitRosterCsv} does.
 */
export async function parseRosterCsv(input: Readable): Promise<RosterCsv> {
	const content: RosterCsv = { header: [], records: [] };
	await visitRosterCsv(input, {
		header(h) {
			content.header = h;
		},
		record(r) {
			content.records.push(r);
		},
	});
	return content;
}
