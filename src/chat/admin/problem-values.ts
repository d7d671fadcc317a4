import type { MessageValues, Translator } from "../../text/translator.js";

/** One value of a coded problem (start arguments, roster rows): text, a number, a yes/no, or alternatives. */
export type ProblemValue = string | number | boolean | readonly string[];

/** `values` ready for `t.t`: lists joined as alternatives in the reader's language, booleans as `yes`/`no`. */
export function problemValues(
	values: Readonly<Record<string, ProblemValue>>,
	t: Translator,
): MessageValues {
	const out: MessageValues = {};
	for (const [name, value] of Object.entries(values))
		out[name] =
			typeof value === "boolean"
				? value
					? "yes"
					: "no"
				: typeof value === "string" || typeof value === "number"
					? value
					: new Intl.ListFormat(t.locale, { type: "disjunction" }).format(
							value,
						);
	return out;
}
