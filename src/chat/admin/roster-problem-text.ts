import type {
	RosterProblem,
	RosterProblemCode,
} from "../../domain/roster/roster-problem.js";
import type { MessageKey } from "../../text/message-catalogue.js";
import type { Translator } from "../../text/translator.js";
import { problemValues } from "./problem-values.js";

/**
 * A roster file's problem in `t`'s language, as plain text with the file's cells put in as they are: the caller
 * escapes the whole for its markup (the catalogue's wording carries none). Alternatives read as "a or b" in the
 * language; a yes/no picks the message's `yes` case.
 */
export function rosterProblemText(p: RosterProblem, t: Translator): string {
	return t.t(messageOf[p.code], problemValues(p.values, t));
}

/** The message that says each problem. */
const messageOf: Readonly<Record<RosterProblemCode, MessageKey>> = {
	missing: "rosterRow.missing",
	empty: "rosterRow.empty",
	tooLong: "rosterRow.tooLong",
	invalidEmail: "rosterRow.invalidEmail",
	slackIdFormat: "rosterRow.slackIdFormat",
	timezoneAbbreviation: "rosterRow.timezoneAbbreviation",
	timezoneNotIana: "rosterRow.timezoneNotIana",
	languageNotTag: "rosterRow.languageNotTag",
	languageUnsupported: "rosterRow.languageUnsupported",
	ownManager: "rosterRow.ownManager",
	tooLongToSeal: "rosterRow.tooLongToSeal",
	duplicate: "rosterRow.duplicate",
	fieldCount: "rosterRow.fieldCount",
	headerMissing: "rosterRow.headerMissing",
	headerBlank: "rosterRow.headerBlank",
	headerRepeated: "rosterRow.headerRepeated",
	headerUnknown: "rosterRow.headerUnknown",
	headerRequired: "rosterRow.headerRequired",
	noPeople: "rosterRow.noPeople",
	csvQuoteNotClosed: "rosterRow.csvQuoteNotClosed",
	csvClosingQuote: "rosterRow.csvClosingQuote",
	csvOther: "rosterRow.csvOther",
	idClash: "rosterUpload.conflict",
};
