import { mergedGroupName } from "../campaigns/reporting-groups.js";
import { catalogue, questionKeys } from "../questions/catalogue.js";
import type { RosterIssue } from "./roster-problem.js";

/**
 * The size every sealed ballot's plaintext is padded to, with its 2-byte length prefix (the ballot sealer's
 * `paddedLength`; a test seals at exactly this budget and one byte over it, so the two cannot drift apart).
 */
export const sealedPlaintextBytes = 512;

/** The bytes a string takes inside the sealed JSON: UTF-8, after JSON escaping, without its quotes. */
export function sealedBytesOf(s: string): number {
	return Buffer.byteLength(JSON.stringify(s), "utf8") - 2;
}

/** The longest option id of every question: the largest answers a ballot can carry. */
function worstCaseAnswers(): Record<string, string> {
	return Object.fromEntries(
		questionKeys.map((k) => [
			k,
			catalogue[k].options
				.map((o) => o.id)
				.reduce((a, b) => (sealedBytesOf(b) > sealedBytesOf(a) ? b : a)),
		]),
	);
}

/**
 * How many bytes a reporting group's name and a grade may take together in a sealed ballot, computed from the
 * ballot's own JSON shape (`{a: answers, g: group, r: grade}`) with the worst-case answers to every question.
 */
export const sealableNameBytes =
	sealedPlaintextBytes -
	2 -
	Buffer.byteLength(
		JSON.stringify({ a: worstCaseAnswers(), g: "", r: "" }),
		"utf8",
	);

/** True when a ballot for this reporting group and grade can be sealed whatever the answers. */
export function fitsInBallot(group: string, grade: string): boolean {
	return sealedBytesOf(group) + sealedBytesOf(grade) <= sealableNameBytes;
}

/**
 * The roster check: a department's group name can grow to `<department> + Other departments` when small
 * departments are merged into it, so the row must fit with that name.
 */
export function rosterRowFitsInBallot(
	department: string,
	grade: string,
): boolean {
	return fitsInBallot(`${department} + ${mergedGroupName}`, grade);
}

/** The problem of a row that does not fit: at most `max` bytes (UTF-8) for department and grade together. */
export function tooLongToSealIssue(): RosterIssue {
	return {
		code: "tooLongToSeal",
		values: { max: sealableNameBytes - sealedBytesOf(` + ${mergedGroupName}`) },
	};
}
