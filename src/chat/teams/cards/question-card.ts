import type { Campaign } from "../../../domain/ports.js";
import { catalogue } from "../../../domain/questions/catalogue.js";
import type { Translator } from "../../../text/translator.js";
import {
	type AdaptiveCard,
	adaptiveCard,
	type CardElement,
	execute,
	textBlock,
	verbs,
} from "./adaptive-card.js";

/** The input id of a question on the card: `q_<question key>`, as in Slack's modal. */
export const questionInputId = (key: string) => `q_${key}`;

/**
 * The questions: one required `Input.ChoiceSet` (radio buttons) per campaign question, whose values are the
 * catalogue's stable option ids; every question offers its "prefer not to say". `problem` is shown above them when
 * an earlier send was refused.
 */
export function questionCard(
	campaign: Campaign,
	t: Translator,
	problem?: string,
): AdaptiveCard {
	const body: CardElement[] = [
		...(problem
			? [textBlock(problem, { color: "Attention", weight: "Bolder" })]
			: []),
		textBlock(t.t("questions.intro"), { isSubtle: true }),
	];
	for (const key of campaign.questions) {
		const q = t.question(key);
		body.push({
			type: "Input.ChoiceSet",
			id: questionInputId(key),
			label: q.text,
			style: "expanded",
			isRequired: true,
			errorMessage: t.t("result.invalidAnswer"),
			wrap: true,
			choices: catalogue[key].options.map((option) => {
				const o = t.option(option.id);
				return {
					type: "Input.Choice",
					title: o.hint ? `${o.label} (${o.hint})` : o.label,
					value: option.id,
				};
			}),
		});
		if (q.help) body.push(textBlock(q.help, { isSubtle: true, size: "Small" }));
	}
	return adaptiveCard(
		body,
		[
			{
				...execute(
					t.t("button.send"),
					verbs.submit,
					{ campaignId: campaign.id },
					"positive",
				),
				associatedInputs: "auto",
			},
		],
		t.t("census.title"),
	);
}
