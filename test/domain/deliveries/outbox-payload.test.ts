import { describe, expect, it } from "vitest";
import { parseOutboxPayload } from "../../../src/domain/deliveries/outbox-payload.js";

const nudge = {
	kind: "nudge",
	groups: [{ name: "Finance", ratePercent: 35 }],
	targetPercent: 70,
	organisationPercent: 55,
};
const progress = {
	kind: "progress",
	campaignName: "Census 2026",
	organisationPercent: 55,
	targetPercent: 70,
	closesOn: "2026-12-14",
	groups: [{ name: "Finance", ratePercent: null }],
};
const closed = {
	kind: "closed",
	campaignName: "Census 2026",
	closesOn: "2026-12-14",
	responded: 40,
	channel: "C0LEAD",
};

describe("parseOutboxPayload", () => {
	it("reads each payload for the delivery kind that carries it", () => {
		expect(parseOutboxPayload("nudge", nudge)).toEqual(nudge);
		expect(parseOutboxPayload("post", progress)).toEqual(progress);
		expect(parseOutboxPayload("notice", closed)).toEqual(closed);
	});

	it("refuses a payload its delivery kind does not carry", () => {
		expect(parseOutboxPayload("post", closed)).toBeNull();
		expect(parseOutboxPayload("notice", progress)).toBeNull();
		expect(parseOutboxPayload("nudge", progress)).toBeNull();
		expect(parseOutboxPayload("post", nudge)).toBeNull();
		expect(parseOutboxPayload("invite", nudge)).toBeNull();
	});

	it("refuses a payload with a field of the wrong type, an unknown kind or none at all", () => {
		expect(
			parseOutboxPayload("nudge", { ...nudge, targetPercent: "70" }),
		).toBeNull();
		expect(
			parseOutboxPayload("notice", { ...closed, kind: "opened" }),
		).toBeNull();
		expect(parseOutboxPayload("post", null)).toBeNull();
		expect(parseOutboxPayload("post", "Participation so far")).toBeNull();
	});

	it("reads rows written before payloads named their kind: a nudge's rates, a post's sentences", () => {
		const { kind: _, ...oldNudge } = nudge;
		expect(parseOutboxPayload("nudge", oldNudge)).toEqual(nudge);
		expect(
			parseOutboxPayload("post", { text: "Hello", lines: ["a: 50%"] }),
		).toEqual({ kind: "text", text: "Hello", lines: ["a: 50%"] });
		// An old row is still checked: a nudge's rates are not a post.
		expect(parseOutboxPayload("post", oldNudge)).toBeNull();
	});
});
