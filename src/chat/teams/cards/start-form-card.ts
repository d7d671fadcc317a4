import type { StartField } from "../../../domain/campaigns/parse-start-arguments.js";
import { teamsDialect } from "../../admin/dialect.js";
import {
	previewButtons,
	previewText,
	questionChoices,
	requiredStartFields,
	type StartForm,
	startFieldMaxLength,
	startFieldOrder,
	startFieldText,
} from "../../admin/start-form.js";
import { invitationMessage } from "../../invitation-message.js";
import {
	type AdaptiveCard,
	adaptiveCard,
	type CardElement,
	escapeMarkdown,
	execute,
	heading,
	textBlock,
	verbs,
} from "./adaptive-card.js";
import { invitationBody } from "./invitation-card.js";

/** A setting's input: the element Adaptive Cards has for it, with its label, value and hint. */
function input(form: StartForm, field: StartField): CardElement {
	const value = form.values[field];
	const text = startFieldText(field, form.t);
	const common = {
		id: field,
		label: text.label,
		isRequired: requiredStartFields.has(field),
	};
	if (field === "closes")
		return {
			type: "Input.Date",
			...common,
			...(value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? { value } : {}),
		};
	if (field === "questions")
		return {
			type: "Input.ChoiceSet",
			...common,
			isMultiSelect: true,
			style: "expanded",
			choices: questionChoices(form.t),
			value: value ?? "key",
		};
	if (field === "reminders")
		return {
			type: "Input.ChoiceSet",
			...common,
			style: "compact",
			choices: ["0", "1", "2", "3", "4", "5"].map((n) => ({
				title: n,
				value: n,
			})),
			...(value ? { value } : {}),
		};
	if (field === "target" || field === "low")
		return {
			type: "Input.Number",
			...common,
			min: 1,
			max: 100,
			...(value && /^\d{1,3}$/.test(value) ? { value: Number(value) } : {}),
		};
	const max = startFieldMaxLength[field];
	return {
		type: "Input.Text",
		...common,
		...(field === "message" ? { isMultiline: true } : {}),
		...(max ? { maxLength: max } : {}),
		...(field === "channel"
			? {
					placeholder: form.channelOptional
						? form.t.t("startForm.channelHerePlaceholder")
						: teamsDialect.channelExample,
				}
			: {}),
		...(value ? { value } : {}),
	};
}

/** The input, its hint, and its problem (escaped: it may quote what the admin typed). */
function setting(form: StartForm, field: StartField): CardElement[] {
	const error = form.errors[field];
	return [
		input(form, field),
		// Our own wording, which the catalogue keeps free of markup: escaped, Teams would show its backslashes.
		textBlock(startFieldText(field, form.t).hint, {
			isSubtle: true,
			size: "Small",
			spacing: "None",
		}),
		...(error
			? [
					textBlock(escapeMarkdown(error), {
						color: "Attention",
						spacing: "None",
					}),
				]
			: []),
	];
}

/** The invitation as employees will see it (its buttons named, not live), or why it cannot be shown yet. */
function preview(form: StartForm): CardElement {
	const text = previewText(form.t);
	const items: CardElement[] = [
		textBlock(`**${text.heading}**`, { separator: true }),
	];
	if (form.draft === null)
		items.push(textBlock(text.unavailable, { isSubtle: true }));
	else {
		const m = invitationMessage(form.draft, teamsDialect, form.t);
		items.push(
			...invitationBody(m),
			textBlock(previewButtons(m, teamsDialect, form.t), {
				isSubtle: true,
				size: "Small",
			}),
		);
	}
	return { type: "Container", style: "emphasis", items };
}

/**
 * The start form as an Adaptive Card: every setting with its default, the problems under their inputs, the
 * invitation preview, and two `Action.Execute` buttons (the inputs' values arrive merged into their data).
 */
export function startFormCard(form: StartForm): AdaptiveCard {
	const { t } = form;
	const problems = Object.keys(form.errors).length;
	return adaptiveCard(
		[
			heading(t.t("startForm.title")),
			textBlock(t.t("startForm.intro"), { isSubtle: true }),
			...(problems > 0
				? [textBlock(previewText(t).fixThese, { color: "Attention" })]
				: []),
			...startFieldOrder.flatMap((field) => setting(form, field)),
			preview(form),
		],
		[
			execute(t.t("startForm.startButton"), verbs.start, {}, "positive"),
			execute(t.t("startForm.updatePreview"), verbs.startPreview, {}),
		],
		t.t("startForm.title"),
	);
}
