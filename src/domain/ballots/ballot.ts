import type { QuestionKey } from "../questions/catalogue.js";

declare const anonymous: unique symbol;

/**
 * What one person answered, with their reporting group and grade, and nothing that says who.
 * The brand makes it impossible to pass an arbitrary object (say, one holding a user id)
 * where a ballot is expected: the only way to get one is `makeBallot`.
 */
export type Ballot = {
	readonly answers: Readonly<Partial<Record<QuestionKey, string>>>;
	readonly group: string;
	readonly grade: string;
	readonly [anonymous]: true;
};

/** Builds a ballot from answer ids and the respondent's coarse attributes only. */
export function makeBallot(
	answers: Partial<Record<QuestionKey, string>>,
	group: string,
	grade: string,
): Ballot {
	return { answers: { ...answers }, group, grade } as Ballot;
}
