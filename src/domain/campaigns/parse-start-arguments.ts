import { isTeamsChannel } from "../deliveries/platform.js";
import type { Organiser } from "../ports.js";
import { isQuestionKey, type QuestionKey } from "../questions/catalogue.js";
import { publicUrlProblem } from "./public-url-problem.js";
import { timeZoneProblem } from "./time-zone-problem.js";
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

/** Parse outcome: the arguments, or every problem found, each naming its argument. */
export type ParseResult =
	| { ok: true; value: StartArguments }
	| { ok: false; problems: string[] };

const known = [
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
	const problems: string[] = stray.map(
		(s) => `"${s}" is not in key=value form`,
	);
	const args = new Map<string, string>();
	for (const [k, v] of pairs) {
		if (!(known as readonly string[]).includes(k))
			problems.push(`unknown argument "${k}"`);
		else if (args.has(k)) problems.push(`${k} is given twice`);
		else args.set(k, v);
	}
	const name = (args.get("name") ?? `Census ${today.slice(0, 4)}`).trim();
	if (name.length === 0 || name.length > 80)
		problems.push("name must be 1 to 80 characters");

	const closesOn = args.get("closes") ?? addDays(today, 14);
	const valid =
		/^\d{4}-\d{2}-\d{2}$/.test(closesOn) &&
		!Number.isNaN(Date.parse(`${closesOn}T00:00:00Z`));
	if (
		!valid ||
		new Date(`${closesOn}T00:00:00Z`).toISOString().slice(0, 10) !== closesOn
	) {
		problems.push(`closes must be a date like ${addDays(today, 14)}`);
	} else if (closesOn <= today) problems.push("closes must be after today");

	const channelArg = args.get("channel") ?? opts.defaultChannel;
	let channel = "";
	if (channelArg === undefined)
		problems.push(
			"channel is required (where the report is posted), e.g. channel=#leadership",
		);
	else {
		const m = /^<#(C[A-Z0-9]+)(\|[^>]*)?>$/.exec(channelArg);
		channel = m?.[1] ?? channelArg;
		if (
			!/^(#[a-z0-9][a-z0-9_-]{0,79}|C[A-Z0-9]{2,})$/.test(channel) &&
			!isTeamsChannel(channel)
		) {
			problems.push("channel must be a channel such as #leadership");
		}
	}

	const targetArg = args.get("target") ?? "70";
	const targetRate = Number(targetArg);
	if (!/^\d{1,3}$/.test(targetArg) || targetRate < 1 || targetRate > 100) {
		problems.push("target must be a whole percentage from 1 to 100");
	}

	const questionList = (args.get("questions") ?? "key")
		.split(",")
		.map((q) => q.trim().toLowerCase());
	const questions: QuestionKey[] = [];
	for (const q of questionList) {
		if (!isQuestionKey(q))
			problems.push(
				`unknown question "${q}" (choose from key, school, fsm, parents_degree)`,
			);
		else if (!questions.includes(q)) questions.push(q);
	}
	if (!questions.includes("key") && questionList.every(isQuestionKey)) {
		problems.push("questions must include key (the SMC key question)");
	}
	const gradesArg = args.get("grades");
	const grades = gradesArg
		?.split(",")
		.map((g) => g.trim())
		.filter((g) => g.length > 0);
	if (gradesArg !== undefined) {
		if (!grades || grades.length < 2)
			problems.push(
				'grades must list at least two grades, junior first, e.g. grades="AO,EO,HEO,G7,SCS"',
			);
		else if (new Set(grades).size !== grades.length)
			problems.push("grades lists a grade twice");
	}
	const remindersArg = args.get("reminders");
	const reminders =
		remindersArg === undefined ? undefined : Number(remindersArg);
	if (
		remindersArg !== undefined &&
		(!/^\d$/.test(remindersArg) || Number(remindersArg) > 5)
	)
		problems.push("reminders must be a whole number from 0 to 5");
	const lowArg = args.get("low");
	const lowUptakePercent = lowArg === undefined ? undefined : Number(lowArg);
	if (
		lowArg !== undefined &&
		(!/^\d{1,3}$/.test(lowArg) || Number(lowArg) < 1 || Number(lowArg) > 100)
	)
		problems.push(
			"low must be a whole percentage from 1 to 100 (groups below it get manager nudges)",
		);
	const hoursText = args.get("hours");
	const hours =
		hoursText === undefined ? undefined : parseWorkingHours(hoursText);
	if (hours && !hours.ok) problems.push(`hours: ${hours.reason}`);
	const timeZone = args.get("timezone");
	const zoneProblem = timeZone === undefined ? null : timeZoneProblem(timeZone);
	if (zoneProblem !== null) problems.push(`timezone: ${zoneProblem}`);
	const organiser = parseOrganiser(args, problems);
	if (problems.length > 0) return { ok: false, problems };
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
	args: Map<string, string>,
	problems: string[],
): Partial<Organiser> {
	const organiser: Partial<Organiser> = {};
	const text = (
		key: string,
		field: "runBy" | "contact" | "message",
		what: string,
	) => {
		const raw = args.get(key);
		if (raw === undefined) return;
		const value = unlinked(raw).replace(/\s+/g, " ").trim();
		const max = organiserLimits[field];
		if (value.length === 0 || value.length > max)
			problems.push(`${key} must be 1 to ${max} characters (${what})`);
		else organiser[field] = value;
	};
	text(
		"runby",
		"runBy",
		'the team or person running the census, e.g. runby="People team"',
	);
	text("contact", "contact", "who to ask, e.g. contact=people@example.co.uk");
	text("message", "message", "a short note from a leader, in quotes");
	const privacy = args.get("privacy");
	if (privacy !== undefined) {
		const url = unlinked(privacy);
		const problem = publicUrlProblem(url);
		if (problem !== null) problems.push(`privacy: ${problem}`);
		else organiser.privacyUrl = url;
	}
	return organiser;
}
