import {
	organiserLimits,
	parseStartValues,
	type StartArguments,
	type StartField,
	type StartValues,
	startFields,
} from "../../domain/campaigns/parse-start-arguments.js";
import type { Campaign } from "../../domain/ports.js";
import type { InvitationMessage } from "../invitation-message.js";
import type { AdminDeps } from "./admin-deps.js";
import type { Dialect } from "./dialect.js";
import type { StartContext } from "./start-command.js";

/** The start form as each platform draws it: every setting's input, the problems, and the invitation preview. */
export type StartForm = {
	/** What each input shows: the defaults, or what the admin last submitted. */
	values: StartValues;
	/** At most one problem per setting, in the validator's words (plain text: each platform escapes it). */
	errors: Partial<Record<StartField, string>>;
	/** The campaign as it would open, for the invitation preview; null while a setting the invitation shows is invalid. */
	draft: Campaign | null;
	/** True when an empty channel means the channel the form was opened in (a Teams channel). */
	channelOptional: boolean;
};

/** A submitted form: the arguments to start with, or the form again with its problems. */
export type StartFormReading =
	| { ok: true; args: StartArguments; form: StartForm }
	| { ok: false; form: StartForm };

/** A channel the validator accepts, for previewing before a channel is chosen: the invitation never names it. */
const previewChannel = "#preview";

/** The form with the deployment's defaults filled in, and the invitation they give. */
export function openStartForm(deps: AdminDeps, ctx: StartContext): StartForm {
	const values = deps.service.startDefaults();
	return {
		values,
		errors: {},
		draft: draftOf(deps, values, ctx),
		channelOptional: ctx.defaultChannel !== undefined,
	};
}

/**
 * Reads a submitted form (each input's text by setting; an empty input means the setting's default) through the
 * same validator as the inline arguments.
 */
export function readStartForm(
	deps: AdminDeps,
	submitted: Partial<Record<StartField, string | undefined>>,
	ctx: StartContext,
): StartFormReading {
	const values = givenValues(submitted);
	const parsed = parseStartValues(values, deps.service.today(), optsOf(ctx));
	const errors: Partial<Record<StartField, string>> = {};
	if (!parsed.ok)
		for (const p of parsed.byField) {
			// A form has no stray words nor unknown names: anything else is about the name, first on the form.
			const field = p.field ?? "name";
			errors[field] =
				errors[field] === undefined
					? p.message
					: `${errors[field]}; ${p.message}`;
		}
	const form: StartForm = {
		values,
		errors,
		draft: parsed.ok
			? deps.service.draft(parsed.value, ctx.userId)
			: draftOf(deps, values, ctx),
		channelOptional: ctx.defaultChannel !== undefined,
	};
	return parsed.ok
		? { ok: true, args: parsed.value, form }
		: { ok: false, form };
}

/** The settings given: trimmed, the empty ones left out (so they take their defaults). */
function givenValues(
	submitted: Partial<Record<StartField, string | undefined>>,
): StartValues {
	const values: StartValues = {};
	for (const field of startFields) {
		const value = submitted[field]?.trim();
		if (value) values[field] = value;
	}
	return values;
}

function optsOf(ctx: StartContext) {
	return ctx.defaultChannel === undefined
		? {}
		: { defaultChannel: ctx.defaultChannel };
}

/** The campaign these settings would open, whatever the channel (the invitation does not show it); null if invalid. */
function draftOf(
	deps: AdminDeps,
	values: StartValues,
	ctx: StartContext,
): Campaign | null {
	const parsed = parseStartValues(
		{ ...values, channel: previewChannel },
		deps.service.today(),
	);
	return parsed.ok ? deps.service.draft(parsed.value, ctx.userId) : null;
}

/** Each setting's label and hint on the form, the same on every platform (plain text). */
/** The order of the inputs on the start form, on every platform. */
export const startFieldOrder: readonly StartField[] = [
	"name",
	"closes",
	"channel",
	"target",
	"questions",
	"runby",
	"contact",
	"privacy",
	"message",
	"reminders",
	"low",
	"hours",
	"timezone",
	"grades",
];

export const startFieldText: Record<
	StartField,
	{ label: string; hint: string }
> = {
	name: { label: "Name", hint: "1 to 80 characters, e.g. Census 2026." },
	closes: {
		label: "Closes on",
		hint: "At the end of this day, organisation time; then it closes by itself.",
	},
	channel: {
		label: "Report channel",
		hint: "Where the report is posted once you post it: a Slack channel such as #leadership, or a Teams channel id (19:…@thread.tacv2).",
	},
	target: { label: "Target response rate (%)", hint: "1 to 100." },
	questions: {
		label: "Questions",
		hint: "The key question is always asked.",
	},
	grades: {
		label: "Grades, junior first",
		hint: "Comma-separated, e.g. AO,EO,HEO,G7,SCS. Leave empty to sort the roster's grades by name.",
	},
	reminders: {
		label: "Automatic reminder waves",
		hint: "0 to 5: the first half-way, then every 4 working days.",
	},
	low: {
		label: "Low uptake (%)",
		hint: "Groups below this response rate get manager nudges (1 to 100).",
	},
	hours: {
		label: "Working hours",
		hint: "Messages go out only in each person's working hours, in their own time zone, e.g. 09:00-17:00,mon-fri.",
	},
	timezone: {
		label: "Time zone",
		hint: "For people without one on the roster, and for the closing time, e.g. Europe/London.",
	},
	runby: {
		label: "Run by",
		hint: "The team or person running the census, e.g. People team. The invitation names them.",
	},
	contact: {
		label: "Contact",
		hint: "Whom to ask, e.g. an email address. The invitation names them.",
	},
	privacy: {
		label: "Privacy notice",
		hint: "An https link to your privacy notice; the invitation links to it.",
	},
	message: {
		label: "Message from a leader",
		hint: "Optional, up to 400 characters; the invitation quotes it.",
	},
};

/** The questions an admin can choose, by their `questions=` names. */
export const questionChoices: { value: string; title: string }[] = [
	{ value: "key", title: "Parents' occupation at 14 (the key question)" },
	{ value: "school", title: "Type of school" },
	{ value: "fsm", title: "Free school meals" },
	{ value: "parents_degree", title: "Parents' degree" },
];

/** The longest each text setting may be, as both platforms' inputs enforce it (the parser checks them too). */
export const startFieldMaxLength: Partial<Record<StartField, number>> = {
	name: 80,
	runby: organiserLimits.runBy,
	contact: organiserLimits.contact,
	message: organiserLimits.message,
};

/** The settings the form cannot be submitted without (channel too, where the form is not in a channel). */
export const requiredStartFields: ReadonlySet<StartField> = new Set([
	"name",
	"closes",
	"target",
	"questions",
]);

/** The heading over the invitation preview, and what shows instead while a setting it needs is invalid. */
export const previewText = {
	heading: "Preview: the invitation as employees will see it",
	unavailable:
		"The preview appears once the settings it shows (closing day, who runs it, contact, privacy notice, message) are valid.",
	fixThese: "Not started yet. Fix these and submit again:",
};

/** The invitation's buttons as the preview names them (they are not live there), in the platform's dialect. */
export function previewButtons(
	m: Pick<InvitationMessage, "privacyUrl">,
	d: Dialect,
): string {
	return [
		`Buttons: ${d.bold("Answer")}`,
		d.bold("Don't remind me"),
		d.bold("How is my answer protected?"),
		...(m.privacyUrl === null
			? []
			: [`${d.bold("Privacy notice")} (${d.escape(m.privacyUrl)})`]),
	].join(" \u00b7 ");
}
