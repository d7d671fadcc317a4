import type { KnownBlock, ModalView } from "@slack/types";
import { z } from "zod";
import type {
	StartField,
	StartValues,
} from "../../domain/campaigns/parse-start-arguments.js";
import { escapeMrkdwn } from "../../text/escape-mrkdwn.js";
import type { Translator } from "../../text/translator.js";
import { slackDialect } from "../admin/dialect.js";
import {
	previewButtons,
	previewText,
	questionChoices,
	requiredStartFields,
	type StartForm,
	startFieldMaxLength,
	startFieldOrder,
	startFieldText,
} from "../admin/start-form.js";
import { invitationMessage } from "../invitation-message.js";
import {
	context,
	ids,
	invitationContent,
	section,
	truncate,
} from "./blocks.js";

/** The input's block id for a setting: the key of Slack's `errors` and of `state.values`. */
export const startBlockId = (field: StartField): string => `start_${field}`;

/** Every input's action id (one input per block). */
const actionId = "value";

const plain = (t: string) => ({ type: "plain_text" as const, text: t });

/** Slack's longest `initial_value` we give a text input, and the longest error message we send. */
const maxText = 2000;

/** Which element each setting uses; every other setting is a one-line text input. */
const multiline = new Set<StartField>(["message"]);
const numeric = new Set<StartField>(["target", "low"]);

function element(field: StartField, value: string | undefined, t: Translator) {
	if (field === "closes")
		return {
			type: "datepicker" as const,
			action_id: actionId,
			...(value && /^\d{4}-\d{2}-\d{2}$/.test(value)
				? { initial_date: value }
				: {}),
		};
	if (field === "questions") {
		const chosen = new Set((value ?? "key").split(",").map((q) => q.trim()));
		const options = questionChoices(t).map((c) => ({
			text: plain(c.title),
			value: c.value,
		}));
		const initial = options.filter((o) => chosen.has(o.value));
		return {
			type: "checkboxes" as const,
			action_id: actionId,
			options,
			...(initial.length > 0 ? { initial_options: initial } : {}),
		};
	}
	if (field === "reminders") {
		const options = ["0", "1", "2", "3", "4", "5"].map((n) => ({
			text: plain(n),
			value: n,
		}));
		const initial = options.find((o) => o.value === value);
		return {
			type: "static_select" as const,
			action_id: actionId,
			options,
			...(initial ? { initial_option: initial } : {}),
		};
	}
	if (numeric.has(field))
		return {
			type: "number_input" as const,
			action_id: actionId,
			is_decimal_allowed: false,
			...(value && /^\d{1,3}$/.test(value) ? { initial_value: value } : {}),
		};
	const max = startFieldMaxLength[field];
	return {
		type: "plain_text_input" as const,
		action_id: actionId,
		...(multiline.has(field) ? { multiline: true } : {}),
		...(max ? { max_length: max } : {}),
		...(field === "channel"
			? { placeholder: plain(slackDialect.channelExample) }
			: {}),
		...(value ? { initial_value: truncate(value, maxText) } : {}),
	};
}

function input(form: StartForm, field: StartField): KnownBlock {
	const text = startFieldText(field, form.t);
	const optional =
		!requiredStartFields.has(field) &&
		!(field === "channel" && !form.channelOptional);
	return {
		type: "input",
		block_id: startBlockId(field),
		optional,
		label: plain(text.label),
		hint: plain(
			field === "channel" && form.channelOptional
				? `${text.hint} ${form.t.t("startForm.channelHere")}`
				: text.hint,
		),
		element: element(field, form.values[field], form.t),
	} as KnownBlock;
}

/** The invitation as employees will see it (its buttons named, not live), or why it cannot be shown yet. */
function preview(form: StartForm): KnownBlock[] {
	const { t } = form;
	const text = previewText(t);
	// Each problem escaped as it is listed: it may quote what the admin typed.
	const listed = Object.entries(form.errors).map(
		([field, message]) =>
			`\u2022 ${startFieldText(field as StartField, t).label}: ${escapeMrkdwn(message)}`,
	);
	const blocks: KnownBlock[] = [
		{ type: "divider" },
		section(`*${text.heading}*`),
	];
	if (listed.length > 0)
		blocks.push(section([text.fixThese, ...listed].join("\n")));
	if (form.draft === null) blocks.push(context(text.unavailable));
	else {
		const m = invitationMessage(form.draft, slackDialect, t);
		blocks.push(
			...invitationContent(m),
			context(previewButtons(m, slackDialect, t)),
		);
	}
	blocks.push({
		type: "actions",
		block_id: "census_start_preview_actions",
		elements: [
			{
				type: "button",
				action_id: ids.startPreview,
				text: plain(t.t("startForm.updatePreview")),
				value: "preview",
			},
		],
	});
	return blocks;
}

/** The start form as a modal: every setting, defaults filled in, and the invitation preview. */
export function startModal(form: StartForm): ModalView {
	const { t } = form;
	return {
		type: "modal",
		callback_id: ids.startModal,
		title: plain(t.t("startForm.title")),
		submit: plain(t.t("startForm.submit")),
		close: plain(t.t("startForm.close")),
		blocks: [
			context(t.t("startForm.intro")),
			...startFieldOrder.map((field) => input(form, field)),
			...preview(form),
		],
	};
}

/** Slack's `response_action: "errors"`: each problem under its input. */
export function startErrors(form: StartForm): Record<string, string> {
	return Object.fromEntries(
		Object.entries(form.errors).map(([field, message]) => [
			startBlockId(field as StartField),
			truncate(message, maxText),
		]),
	);
}

/** One input's state in a submitted view: the fields each element kind fills. */
const inputStateSchema = z
	.object({
		value: z.string().nullish(),
		selected_date: z.string().nullish(),
		selected_option: z.object({ value: z.string() }).nullish(),
		selected_options: z.array(z.object({ value: z.string() })).nullish(),
	})
	.loose();
const stateSchema = z.record(
	z.string(),
	z.record(z.string(), inputStateSchema),
);

/** The form's inputs as typed, by setting (absent: left empty), from a view's `state.values`. */
export function startValuesOf(state: unknown): StartValues {
	const parsed = stateSchema.safeParse(state);
	if (!parsed.success) return {};
	const values: StartValues = {};
	for (const field of startFieldOrder) {
		const s = parsed.data[startBlockId(field)]?.[actionId];
		if (!s) continue;
		const value =
			s.value ??
			s.selected_date ??
			s.selected_option?.value ??
			s.selected_options?.map((o) => o.value).join(",");
		if (value !== null && value !== undefined) values[field] = value;
	}
	return values;
}
