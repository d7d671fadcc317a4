import { z } from "zod";
import type { QuestionKey } from "../../domain/questions/catalogue.js";
import type { Answers } from "./participant-action.js";

/** A form's inputs as both platforms name them: `q_<question>` → the chosen option id. */
const inputsSchema = z.record(
	z.string().regex(/^q_[a-z_]+$/),
	z.string().max(150),
);

/**
 * The chosen option per question from a form's `q_<question>` inputs (other keys are left out, and so are empty
 * choices), or null when an input is not in that shape. Whether the ids are the campaign's is the census's check.
 */
export function answersFromInputs(
	inputs: Record<string, unknown>,
): Answers | null {
	const parsed = inputsSchema.safeParse(
		Object.fromEntries(
			Object.entries(inputs).filter(([k]) => k.startsWith("q_")),
		),
	);
	if (!parsed.success) return null;
	const answers: Answers = {};
	for (const [id, choice] of Object.entries(parsed.data))
		if (choice) answers[id.slice(2) as QuestionKey] = choice;
	return answers;
}
