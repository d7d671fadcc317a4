import { describe, expect, it } from "vitest";
import { nounFor, plural } from "../../src/text/plural.js";

describe("plural", () => {
	it("uses the singular for exactly one, as in \u201cInviting 1 person\u201d", () => {
		expect(`Inviting ${plural(1, "person", "people")}`).toBe(
			"Inviting 1 person",
		);
		expect(plural(1, "reminder")).toBe("1 reminder");
	});

	it("uses the plural for none and for many, with the number grouped", () => {
		expect(plural(0, "person", "people")).toBe("0 people");
		expect(plural(2, "person", "people")).toBe("2 people");
		expect(plural(1200, "reminder")).toBe("1,200 reminders");
	});

	it("gives the noun alone for sentences that place the number themselves", () => {
		expect(nounFor(1, { one: "has", other: "have" })).toBe("has");
		expect(nounFor(3, { one: "has", other: "have" })).toBe("have");
	});
});
