import type {
	RosterProblem,
	RosterProblemCode,
} from "../../domain/roster/roster-problem.js";
import type { MessageKey } from "../../text/message-catalogue.js";
import type { MessageValues, Translator } from "../../text/translator.js";

/**
 * A roster file's problem in `t`'s language, as plain text with the file's cells put in as they are: the caller
 * escapes the whole for its markup (the catalogue's wording carries none). Alternatives read as "a or b" in the
 * language; a yes/no picks the message's `yes` case.
 */
export function rosterProblemText(p: RosterProblem, t: Translator): string {
	const values: MessageValues = {};
	for (const [name, value] of Object.entries(p.values))
		values[name] =
			typeof value === "boolean"
				? value
					? "yes"
					: "no"
				: typeof value === "string" || typeof value === "number"
					? value
					: new Intl.ListFormat(t.locale, { type: "disjunction" }).format(
							value,
						);
	return t.t(messageOf[p.code], values);
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
