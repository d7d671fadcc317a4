import type {
	StartProblem,
	StartProblemCode,
} from "../../domain/campaigns/parse-start-arguments.js";
import type { MessageKey } from "../../text/message-catalogue.js";
import type { Translator } from "../../text/translator.js";
import { problemValues } from "./problem-values.js";

/**
 * A `start` setting's problem in `t`'s language, as plain text with what the admin typed put in as it is: the caller
 * escapes the whole for its markup (the catalogue's wording carries none). Alternatives read as "a or b" in the
 * language; a yes/no picks the message's `yes` case.
 */
export function startProblemText(p: StartProblem, t: Translator): string {
	return t.t(messageOf[p.code], problemValues(p.values, t));
}

/** The message that says each problem. */
const messageOf: Readonly<Record<StartProblemCode, MessageKey>> = {
	notKeyValue: "startArgs.notKeyValue",
	unknownArgument: "startArgs.unknownArgument",
	givenTwice: "startArgs.givenTwice",
	nameLength: "startArgs.nameLength",
	closesFormat: "startArgs.closesFormat",
	closesPast: "startArgs.closesPast",
	channelRequired: "startArgs.channelRequired",
	channelInvalid: "startArgs.channelInvalid",
	targetRange: "startArgs.targetRange",
	questionUnknown: "startArgs.questionUnknown",
	questionsNeedKey: "startArgs.questionsNeedKey",
	gradesTooFew: "startArgs.gradesTooFew",
	gradesRepeated: "startArgs.gradesRepeated",
	remindersRange: "startArgs.remindersRange",
	lowRange: "startArgs.lowRange",
	hoursFormat: "startArgs.hoursFormat",
	hoursDays: "startArgs.hoursDays",
	hoursTimes: "startArgs.hoursTimes",
	hoursOrder: "startArgs.hoursOrder",
	timezoneAbbreviation: "startArgs.timezoneAbbreviation",
	timezoneNotIana: "startArgs.timezoneNotIana",
	runbyLength: "startArgs.runbyLength",
	contactLength: "startArgs.contactLength",
	messageLength: "startArgs.messageLength",
	privacyNotUrl: "startArgs.privacyNotUrl",
	privacyNotHttps: "startArgs.privacyNotHttps",
	privacyCredentials: "startArgs.privacyCredentials",
	privacyPlaceholder: "startArgs.privacyPlaceholder",
	privacyIpAddress: "startArgs.privacyIpAddress",
	privacyNoHost: "startArgs.privacyNoHost",
	privacyTooLong: "startArgs.privacyTooLong",
};
