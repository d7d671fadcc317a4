import { isTeamsChannel } from "../deliveries/platform.js";
import type { Organiser } from "../ports.js";
import { isQuestionKey, type QuestionKey } from "../questions/catalogue.js";
import { publicUrlIssue } from "./public-url-problem.js";
import { timeZoneIssue } from "./time-zone-problem.js";
import { parseWorkingHours, type WorkingHours } from "./working-hours.js";

/** The settings an admin gives `/census start`. */
export type StartArguments = {
	name: string;
	closesOn: string;
	channel: string;
	targetRate: number;
	questions: QuestionKey[];
	/** Grades junior → senior, when the admin gives them; otherwise the roster's grades in natural order. */
	grades?: string[];
	/** Automatic reminder waves, at most (default 3). */
	reminders?: number;
	/** Groups below this response rate (percent) get manager nudges (default 50). */
	lowUptakePercent?: number;
	/** Working hours as given, e.g. "09:00-17:00,mon-fri", and parsed (default Monday to Friday, 09:00-17:00). */
	workingHours?: { text: string; value: WorkingHours };
	/** The organisation's IANA time zone (default Europe/London). */
	timeZone?: string;
	/** Who runs the census, as given (`runby=`, `contact=`, `privacy=`, `message=`); the rest come from config. */
	organiser?: Partial<Organiser>;
};

/** Parse outcome: the arguments, or every problem found, each naming the argument it is about. */
export type ParseResult =
	| { ok: true; value: StartArguments }
	| { ok: false; problems: StartProblem[] };

/** Every setting `start` takes, by its inline name (the stable names in README.md). */
export const startFields = [
	"name",
	"closes",
	"channel",
	"target",
	"questions",
	"grades",
	"reminders",
	"low",
	"hours",
	"timezone",
	"runby",
	"contact",
	"privacy",
	"message",
] as const;

/** One `start` setting. */
export type StartField = (typeof startFields)[number];

/** Settings as typed, by name: the inline arguments or a form's inputs. A setting left out takes its default. */
export type StartValues = Partial<Record<StartField, string>>;

/** What can be wrong with the settings: the chat layer says each in the admin's language (`startArgs.<code>`). */
export type StartProblemCode =
	| "notKeyValue"
	| "unknownArgument"
	| "givenTwice"
	| "nameLength"
	| "closesFormat"
	| "closesPast"
	| "channelRequired"
	| "channelInvalid"
	| "targetRange"
	| "questionUnknown"
	| "questionsNeedKey"
	| "gradesTooFew"
	| "gradesRepeated"
	| "remindersRange"
	| "lowRange"
	| "hoursFormat"
	| "hoursDays"
	| "hoursTimes"
	| "hoursOrder"
	| "timezoneAbbreviation"
	| "timezoneNotIana"
	| "runbyLength"
	| "contactLength"
	| "messageLength"
	| "privacyNotUrl"
	| "privacyNotHttps"
	| "privacyCredentials"
	| "privacyPlaceholder"
	| "privacyIpAddress"
	| "privacyNoHost"
	| "privacyTooLong";

/** What a problem quotes or suggests: text as the admin typed it (unescaped), numbers, a list of alternatives, a yes/no. */
export type StartProblemValues = Readonly<
	Record<string, string | number | boolean | readonly string[]>
>;

/**
 * A problem with the settings, naming the setting it is about (null: about none, e.g. a stray word), as a code and
 * the values its wording puts in: no language here.
 */
export type StartProblem = {
	field: StartField | null;
	code: StartProblemCode;
	values: StartProblemValues;
};

/** Splits `a=1 b="two words"` into pairs; quotes may be straight or curly (Slack smartens them). */
export function tokenize(text: string): {
	pairs: [string, string][];
	stray: string[];
} {
	const pairs: [string, string][] = [];
	const stray: string[] = [];
	const re =
		/([A-Za-z_]+)=(?:["\u201c\u201d]([^"\u201c\u201d]*)["\u201c\u201d]|(\S*))|(\S+)/g;
	for (const m of text.matchAll(re)) {
		if (m[4] !== undefined) stray.push(m[4]);
		else pairs.push([(m[1] ?? "").toLowerCase(), m[2] ?? m[3] ?? ""]);
	}
	return { pairs, stray };
}

function addDays(isoDate: string, days: number): string {
	const d = new Date(`${isoDate}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** What the place a command was typed in supplies. */
export type StartDefaults = {
	/** The channel `channel=` defaults to: the Teams channel the admin @mentioned the bot in. Without it, `channel=` is required. */
	defaultChannel?: string;
};

/** The defaults the parser itself gives (`today` an ISO date): the name, closing in 14 days, target 70, the key question. */
export function parserDefaults(
	today: string,
): Required<Pick<StartValues, "name" | "closes" | "target" | "questions">> {
	return {
		name: `Census ${today.slice(0, 4)}`,
		closes: addDays(today, 14),
		target: "70",
		questions: "key",
	};
}

/**
 * Parses the inline form of `/census start` (the stable names in README.md), e.g.
 * `name="Census 2026" closes=2026-12-14 channel=#leadership target=70 questions=key,school`.
 * `channel=` is a Slack channel (`#name`, an id, or a `<#C…|name>` link) or a Teams channel id (`19:…@thread.tacv2`).
 * `today` is an ISO date; defaults: closes in 14 days, target 70, questions=key.
 */
export function parseStartArguments(
	text: string,
	today: string,
	opts: StartDefaults = {},
): ParseResult {
	const { pairs, stray } = tokenize(text);
	const problems: StartProblem[] = stray.map((s) => ({
		field: null,
		code: "notKeyValue",
		values: { given: s },
	}));
	const values: StartValues = {};
	for (const [k, v] of pairs) {
		if (!isStartField(k))
			problems.push({
				field: null,
				code: "unknownArgument",
				values: { given: k },
			});
		else if (values[k] !== undefined)
			problems.push({ field: k, code: "givenTwice", values: { setting: k } });
		else values[k] = v;
	}
	return checkStartValues(values, today, opts, problems);
}

function isStartField(name: string): name is StartField {
	return (startFields as readonly string[]).includes(name);
}

/**
 * Checks settings given by name (the inline arguments once split, or a form's inputs) exactly as the inline
 * command does: one validator whatever the input's shape. A setting left out (undefined) takes its default.
 */
export function parseStartValues(
	values: StartValues,
	today: string,
	opts: StartDefaults = {},
): ParseResult {
	return checkStartValues(values, today, opts, []);
}

type Problem = (
	field: StartField,
	code: StartProblemCode,
	values?: StartProblemValues,
) => void;

function checkClosingDate(
	closesOn: string,
	today: string,
	example: string,
	problem: Problem,
): void {
	const valid =
		/^\d{4}-\d{2}-\d{2}$/.test(closesOn) &&
		!Number.isNaN(Date.parse(`${closesOn}T00:00:00Z`));
	if (
		!valid ||
		new Date(`${closesOn}T00:00:00Z`).toISOString().slice(0, 10) !== closesOn
	) {
		problem("closes", "closesFormat", { example });
	} else if (closesOn <= today) problem("closes", "closesPast");
}

/** The channel as given (a Slack link `<#C…|name>` reduced to its id), or "" when there is none. */
function checkChannel(
	channelArg: string | undefined,
	problem: Problem,
): string {
	if (channelArg === undefined) {
		problem("channel", "channelRequired");
		return "";
	}
	const m = /^<#(C[A-Z0-9]+)(\|[^>]*)?>$/.exec(channelArg);
	const channel = m?.[1] ?? channelArg;
	if (
		!/^(#[a-z0-9][a-z0-9_-]{0,79}|C[A-Z0-9]{2,})$/.test(channel) &&
		!isTeamsChannel(channel)
	) {
		problem("channel", "channelInvalid");
	}
	return channel;
}

/** The known questions asked for, each once, in the order given. */
function checkQuestions(text: string, problem: Problem): QuestionKey[] {
	const questionList = text.split(",").map((q) => q.trim().toLowerCase());
	const questions: QuestionKey[] = [];
	for (const q of questionList) {
		if (!isQuestionKey(q))
			problem("questions", "questionUnknown", {
				given: q,
				choices: "key, school, fsm, parents_degree",
			});
		else if (!questions.includes(q)) questions.push(q);
	}
	if (!questions.includes("key") && questionList.every(isQuestionKey)) {
		problem("questions", "questionsNeedKey");
	}
	return questions;
}

function checkGrades(
	gradesArg: string | undefined,
	problem: Problem,
): string[] | undefined {
	const grades = gradesArg
		?.split(",")
		.map((g) => g.trim())
		.filter((g) => g.length > 0);
	if (gradesArg !== undefined) {
		if (!grades || grades.length < 2) problem("grades", "gradesTooFew");
		else if (new Set(grades).size !== grades.length)
			problem("grades", "gradesRepeated");
	}
	return grades;
}

function checkStartValues(
	args: StartValues,
	today: string,
	opts: StartDefaults,
	found: StartProblem[],
): ParseResult {
	const byField = [...found];
	const problem: Problem = (field, code, values = {}) => {
		byField.push({ field, code, values });
	};
	const defaults = parserDefaults(today);
	const name = (args.name ?? defaults.name).trim();
	if (name.length === 0 || name.length > 80) problem("name", "nameLength");

	const closesOn = args.closes ?? defaults.closes;
	checkClosingDate(closesOn, today, defaults.closes, problem);
	const channel = checkChannel(args.channel ?? opts.defaultChannel, problem);

	const targetArg = args.target ?? defaults.target;
	const targetRate = Number(targetArg);
	if (!/^\d{1,3}$/.test(targetArg) || targetRate < 1 || targetRate > 100) {
		problem("target", "targetRange");
	}

	const questions = checkQuestions(
		args.questions ?? defaults.questions,
		problem,
	);
	const gradesArg = args.grades;
	const grades = checkGrades(gradesArg, problem);
	const remindersArg = args.reminders;
	const reminders =
		remindersArg === undefined ? undefined : Number(remindersArg);
	if (
		remindersArg !== undefined &&
		(!/^\d$/.test(remindersArg) || Number(remindersArg) > 5)
	)
		problem("reminders", "remindersRange");
	const lowArg = args.low;
	const lowUptakePercent = lowArg === undefined ? undefined : Number(lowArg);
	if (
		lowArg !== undefined &&
		(!/^\d{1,3}$/.test(lowArg) || Number(lowArg) < 1 || Number(lowArg) > 100)
	)
		problem("low", "lowRange");
	const hoursText = args.hours;
	const hours =
		hoursText === undefined ? undefined : parseWorkingHours(hoursText);
	if (hours && !hours.ok)
		problem("hours", hoursCodes[hours.issue.code], hours.issue);
	const timeZone = args.timezone;
	const zone = timeZone === undefined ? null : timeZoneIssue(timeZone);
	if (zone?.code === "abbreviation")
		problem("timezone", "timezoneAbbreviation", zone);
	else if (zone?.code === "not-iana")
		problem("timezone", "timezoneNotIana", {
			given: zone.given,
			examples: ["Europe/London", "America/New_York"],
		});
	const organiser = parseOrganiser(args, problem);
	if (byField.length > 0) return { ok: false, problems: byField };
	const order: QuestionKey[] = ["key", "school", "fsm", "parents_degree"];
	return {
		ok: true,
		value: {
			name,
			closesOn,
			channel,
			targetRate,
			questions: order.filter((q) => questions.includes(q)),
			...(grades && gradesArg !== undefined ? { grades } : {}),
			...(reminders !== undefined ? { reminders } : {}),
			...(lowUptakePercent !== undefined ? { lowUptakePercent } : {}),
			...(hoursText !== undefined && hours?.ok
				? { workingHours: { text: hoursText, value: hours.value } }
				: {}),
			...(timeZone !== undefined ? { timeZone } : {}),
			...(Object.keys(organiser).length > 0 ? { organiser } : {}),
		},
	};
}

/** The longest `runby=`, `contact=` and `message=` the invitation shows. */
export const organiserLimits = { runBy: 80, contact: 120, message: 400 };

/** Slack turns a typed URL or email into `<https://…|…>` / `<mailto:…|…>`: the address itself, as typed. */
function unlinked(value: string): string {
	const m = /^<([^|>]+)(\|[^>]*)?>$/.exec(value.trim());
	const inner = (m?.[1] ?? value).trim();
	return inner.startsWith("mailto:") ? inner.slice("mailto:".length) : inner;
}

/** `runby=`, `contact=`, `privacy=` and `message=`: who runs the census, checked for the invitation. */
function parseOrganiser(
	args: StartValues,
	problem: Problem,
): Partial<Organiser> {
	const organiser: Partial<Organiser> = {};
	const text = (
		key: "runby" | "contact" | "message",
		field: "runBy" | "contact" | "message",
	) => {
		const raw = args[key];
		if (raw === undefined) return;
		const value = unlinked(raw).replace(/\s+/g, " ").trim();
		const max = organiserLimits[field];
		if (value.length === 0 || value.length > max)
			problem(key, lengthCodes[key], { max });
		else organiser[field] = value;
	};
	text("runby", "runBy");
	text("contact", "contact");
	text("message", "message");
	const privacy = args.privacy;
	if (privacy !== undefined) {
		const url = unlinked(privacy);
		const issue = publicUrlIssue(url);
		if (issue !== null) problem("privacy", privacyCodes[issue.code], issue);
		else organiser.privacyUrl = url;
	}
	return organiser;
}

const hoursCodes = {
	format: "hoursFormat",
	days: "hoursDays",
	times: "hoursTimes",
	order: "hoursOrder",
} as const satisfies Record<string, StartProblemCode>;

const lengthCodes = {
	runby: "runbyLength",
	contact: "contactLength",
	message: "messageLength",
} as const satisfies Record<string, StartProblemCode>;

const privacyCodes = {
	"not-url": "privacyNotUrl",
	"not-https": "privacyNotHttps",
	credentials: "privacyCredentials",
	placeholder: "privacyPlaceholder",
	"ip-address": "privacyIpAddress",
	"no-host": "privacyNoHost",
	"too-long": "privacyTooLong",
} as const satisfies Record<string, StartProblemCode>;
