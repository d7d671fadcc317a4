import { describe, expect, it } from "vitest";
import { makeBallot } from "../../../src/domain/ballots/ballot.js";
import {
	generateCampaignKeys,
	sealBallot,
} from "../../../src/domain/ballots/ballot-sealer.js";
import {
	catalogue,
	type QuestionKey,
	questionKeys,
} from "../../../src/domain/questions/catalogue.js";
import {
	fitsInBallot,
	rosterRowFitsInBallot,
	sealableNameBytes,
	sealedBytesOf,
} from "../../../src/domain/roster/sealable-names.js";
import { ephemeralCustody } from "../../../src/keys/ephemeral-custody.js";

const keys = await generateCampaignKeys(
	ephemeralCustody().serving.wrapper,
	"campaign-names",
);

/** The longest option id of each question, chosen here independently of the helper. */
const worst = Object.fromEntries(
	questionKeys.map((k) => [
		k,
		[...catalogue[k].options].sort((a, b) => b.id.length - a.id.length)[0]?.id,
	]),
) as Record<QuestionKey, string>;

const seal = (group: string, grade: string) =>
	sealBallot(keys.publicKey, makeBallot(worst, group, grade));

describe("names that fit in a sealed ballot", () => {
	it("seals the worst-case answers with names of exactly the budget, and refuses one byte more", () => {
		const grade = "G7";
		const group = "x".repeat(sealableNameBytes - sealedBytesOf(grade));
		expect(fitsInBallot(group, grade)).toBe(true);
		expect(() => seal(group, grade)).not.toThrow();
		expect(fitsInBallot(`${group}x`, grade)).toBe(false);
		expect(() => seal(`${group}x`, grade)).toThrow(/too large/);
	});

	it("counts UTF-8 bytes and JSON escapes, not characters", () => {
		expect(sealedBytesOf("abc")).toBe(3);
		expect(sealedBytesOf("財務")).toBe(6);
		expect(sealedBytesOf('"\n')).toBe(4);
		expect(sealedBytesOf("\u0001")).toBe(6);
		const cjk = "財".repeat(100);
		expect(fitsInBallot(cjk, "Grade 7")).toBe(true);
		expect(fitsInBallot(cjk, cjk)).toBe(false);
		expect(() => seal(cjk, cjk)).toThrow(/too large/);
	});

	it("leaves room on the roster for the merged group's longer name", () => {
		const grade = "G7";
		const department = "d".repeat(sealableNameBytes - sealedBytesOf(grade));
		expect(fitsInBallot(department, grade)).toBe(true);
		expect(rosterRowFitsInBallot(department, grade)).toBe(false);
		expect(rosterRowFitsInBallot("Policy", "Grade 7")).toBe(true);
	});
});
