/** What is wrong with a roster file, as a code: the words are the reader's language's (no language here). */
export type RosterProblemCode =
	| "missing"
	| "empty"
	| "tooLong"
	| "invalidEmail"
	| "slackIdFormat"
	| "timezoneAbbreviation"
	| "timezoneNotIana"
	| "languageNotTag"
	| "languageUnsupported"
	| "ownManager"
	| "tooLongToSeal"
	| "duplicate"
	| "fieldCount"
	| "headerMissing"
	| "headerBlank"
	| "headerRepeated"
	| "headerUnknown"
	| "headerRequired"
	| "noPeople"
	| "csvQuoteNotClosed"
	| "csvClosingQuote"
	| "csvOther"
	| "idClash";

/**
 * The values a problem's wording puts in: numbers, yes/no, text (cells from the file, quoted, are hostile: the
 * renderer escapes them), and lists of alternatives (said "a or b" in the reader's language).
 */
export type RosterProblemValues = Readonly<
	Record<string, string | number | boolean | readonly string[]>
>;

/** A problem with one row or cell (or the file), before its line is known. */
export type RosterIssue = {
	code: RosterProblemCode;
	values: RosterProblemValues;
};

/** A problem found in the roster file, with its line number in the file (the header is line 1). */
export type RosterProblem = RosterIssue & { line: number };

/** A value from the file as a problem quotes it, shortened so that one bad cell cannot flood the output. */
export function quoteCell(value: unknown, max = 60): string {
	const s = String(value);
	return JSON.stringify(s.length > max ? `${s.slice(0, max - 3)}...` : s);
}
