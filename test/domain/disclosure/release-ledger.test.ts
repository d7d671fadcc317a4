import { describe, expect, it } from "vitest";
import {
	appendRelease,
	canRelease,
	emptyReleaseLedger,
	type Release,
} from "../../../src/domain/disclosure/release-ledger.js";

const release = (
	id: string,
	groupsRespondents: Record<string, number>,
	kind: Release["kind"] = "report",
): Release => ({ id, kind, tables: [], groupsRespondents });

describe("release ledger (R8, S4)", () => {
	const interim = appendRelease(
		emptyReleaseLedger,
		release("interim", { Eng: 24, Sales: 31 }),
		10,
	);

	it("accepts a first release of any group", () => {
		expect(
			canRelease(emptyReleaseLedger, release("r1", { Eng: 11 }), 10),
		).toEqual({
			ok: true,
			refused: [],
		});
	});

	it.each([1, 2, 3, 9])(
		"refuses a group that gained %i respondent(s) since it was last published",
		(joiners) => {
			const check = canRelease(
				interim,
				release("final", { Eng: 24 + joiners, Sales: 31 }),
				10,
			);
			expect(check.ok).toBe(false);
			expect(check.refused).toEqual([
				{ group: "Eng", previous: 24, now: 24 + joiners, since: "interim" },
			]);
		},
	);

	it("refuses leavers too (year N against year N+1)", () => {
		expect(canRelease(interim, release("next", { Sales: 28 }), 10).ok).toBe(
			false,
		);
	});

	it("accepts an unchanged group and one that moved by at least k", () => {
		expect(
			canRelease(interim, release("final", { Eng: 24, Sales: 41 }), 10).ok,
		).toBe(true);
		expect(
			canRelease(interim, release("final", { Eng: 34, Sales: 21 }), 10).ok,
		).toBe(true);
	});

	it("compares with the latest release that published the group", () => {
		const two = appendRelease(interim, release("second", { Eng: 34 }), 10);
		expect(
			canRelease(two, release("third", { Eng: 36 }), 10).refused[0]?.since,
		).toBe("second");
		expect(
			canRelease(two, release("third", { Sales: 33 }), 10).refused[0]?.since,
		).toBe("interim");
	});

	it("compares each kind with its own history", () => {
		const progress = appendRelease(
			emptyReleaseLedger,
			release("p1", { Eng: 20 }, "participation"),
			10,
		);
		expect(canRelease(progress, release("final", { Eng: 23 }), 10).ok).toBe(
			true,
		);
		expect(
			canRelease(progress, release("p2", { Eng: 23 }, "participation"), 10).ok,
		).toBe(false);
	});

	it("appends without changing the old ledger, and refuses duplicates and unsafe releases", () => {
		const next = appendRelease(interim, release("final", { Eng: 40 }), 10);
		expect(interim.releases.map((r) => r.id)).toEqual(["interim"]);
		expect(next.releases.map((r) => r.id)).toEqual(["interim", "final"]);
		expect(Object.isFrozen(next.releases)).toBe(true);
		expect(() =>
			appendRelease(next, release("final", { Eng: 60 }), 10),
		).toThrow(/already/);
		expect(() => appendRelease(next, release("late", { Eng: 41 }), 10)).toThrow(
			/Eng moved from 40 to 41/,
		);
	});
});
