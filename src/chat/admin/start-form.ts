import {
	organiserLimits,
	parseStartValues,
	type StartArguments,
	type StartField,
	type StartValues,
	startFields,
} from "../../domain/campaigns/parse-start-arguments.js";
import type { Campaign } from "../../domain/ports.js";
import type { QuestionKey } from "../../domain/questions/catalogue.js";
import type { MessageKey } from "../../text/message-catalogue.js";
import { english, type Translator } from "../../text/translator.js";
import type { InvitationMessage } from "../invitation-message.js";
import type { AdminDeps } from "./admin-deps.js";
import type { Dialect } from "./dialect.js";
import type { StartContext } from "./start-command.js";
import { startProblemText } from "./start-problem-text.js";

/** The start form as each platform draws it: every setting's input, the problems, and the invitation preview. */
export type StartForm = {
	/** What each input shows: the defaults, or what the admin last submitted. */
	values: StartValues;
	/** At most one problem per setting, in the admin's language (plain text: each platform escapes it). */
	errors: Partial<Record<StartField, string>>;
	/** The campaign as it would open, for the invitation preview; null while a setting the invitation shows is invalid. */
	draft: Campaign | null;
	/** True when an empty channel means the channel the form was opened in (a Teams channel). */
	channelOptional: boolean;
	/** The admin's language: the form's wording, its problems and the preview are in it. */
	t: Translator;
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
		t: ctx.t ?? english,
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
	const t = ctx.t ?? english;
	const errors: Partial<Record<StartField, string>> = {};
	if (!parsed.ok)
		for (const p of parsed.problems) {
			// A form has no stray words nor unknown names: anything else is about the name, first on the form.
			const field = p.field ?? "name";
			const message = startProblemText(p, t);
			errors[field] =
				errors[field] === undefined ? message : `${errors[field]}; ${message}`;
		}
	const form: StartForm = {
		values,
		errors,
		draft: parsed.ok
			? deps.service.draft(parsed.value, ctx.userId)
			: draftOf(deps, values, ctx),
		channelOptional: ctx.defaultChannel !== undefined,
		t,
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

/** A setting's label and hint on the form in `t`'s language, the same on every platform (plain text). */
export function startFieldText(
	field: StartField,
	t: Translator,
): { label: string; hint: string } {
	const keys = fieldMessages[field];
	return { label: t.t(keys.label), hint: t.t(keys.hint) };
}

/** The messages of each setting's label and hint. */
const fieldMessages: Readonly<
	Record<StartField, { label: MessageKey; hint: MessageKey }>
> = {
	name: {
		label: "startForm.field.name.label",
		hint: "startForm.field.name.hint",
	},
	closes: {
		label: "startForm.field.closes.label",
		hint: "startForm.field.closes.hint",
	},
	channel: {
		label: "startForm.field.channel.label",
		hint: "startForm.field.channel.hint",
	},
	target: {
		label: "startForm.field.target.label",
		hint: "startForm.field.target.hint",
	},
	questions: {
		label: "startForm.field.questions.label",
		hint: "startForm.field.questions.hint",
	},
	grades: {
		label: "startForm.field.grades.label",
		hint: "startForm.field.grades.hint",
	},
	reminders: {
		label: "startForm.field.reminders.label",
		hint: "startForm.field.reminders.hint",
	},
	low: {
		label: "startForm.field.low.label",
		hint: "startForm.field.low.hint",
	},
	hours: {
		label: "startForm.field.hours.label",
		hint: "startForm.field.hours.hint",
	},
	timezone: {
		label: "startForm.field.timezone.label",
		hint: "startForm.field.timezone.hint",
	},
	runby: {
		label: "startForm.field.runby.label",
		hint: "startForm.field.runby.hint",
	},
	contact: {
		label: "startForm.field.contact.label",
		hint: "startForm.field.contact.hint",
	},
	privacy: {
		label: "startForm.field.privacy.label",
		hint: "startForm.field.privacy.hint",
	},
	message: {
		label: "startForm.field.message.label",
		hint: "startForm.field.message.hint",
	},
};

/** The questions an admin can choose, by their `questions=` names, and the messages of their titles. */
const questionMessages: readonly (readonly [QuestionKey, MessageKey])[] = [
	["key", "startForm.question.key"],
	["school", "startForm.question.school"],
	["fsm", "startForm.question.fsm"],
	["parents_degree", "startForm.question.parents_degree"],
];

/** The questions an admin can choose, by their `questions=` names, titled in `t`'s language. */
export function questionChoices(
	t: Translator,
): { value: string; title: string }[] {
	return questionMessages.map(([value, key]) => ({ value, title: t.t(key) }));
}

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
export function previewText(t: Translator): {
	heading: string;
	unavailable: string;
	fixThese: string;
} {
	return {
		heading: t.t("startForm.preview.heading"),
		unavailable: t.t("startForm.preview.unavailable"),
		fixThese: t.t("startForm.preview.fixThese"),
	};
}

/** The invitation's buttons as the preview names them (they are not live there), in the platform's dialect. */
export function previewButtons(
	m: Pick<InvitationMessage, "privacyUrl">,
	d: Dialect,
	t: Translator,
): string {
	const named: MessageKey[] = [
		"button.answer",
		"button.optOut",
		"button.trust",
	];
	const buttons = [
		...named.map((key) => d.bold(t.t(key))),
		...(m.privacyUrl === null
			? []
			: [`${d.bold(t.t("button.privacyNotice"))} (${d.escape(m.privacyUrl)})`]),
	].join(" \u00b7 ");
	return t.t("startForm.preview.buttons", { buttons });
}
