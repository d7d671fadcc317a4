import { catalogue, type QuestionKey } from "../domain/questions/catalogue.js";
import type { SimViewValue } from "../sim/slack-user-simulator-types.js";

/** The `view.state.values` a person's answers produce in the question modal (block `q_<key>`, action `choice`). */
export function modalAnswers(
	answers: Partial<Record<QuestionKey, string>>,
	questions: readonly QuestionKey[],
): Record<string, Record<string, SimViewValue>> {
	const values: Record<string, Record<string, SimViewValue>> = {};
	for (const key of questions) {
		const option = catalogue[key].options.find((o) => o.id === answers[key]);
		values[`q_${key}`] = {
			choice: {
				type: "radio_buttons",
				selected_option: option
					? {
							value: option.id,
							text: { type: "plain_text", text: option.label },
						}
					: null,
			},
		};
	}
	return values;
}
