import { describe, expect, it } from "vitest";
import { classifySlackMember } from "../../../src/chat/slack/classify-slack-member.js";

describe("a Slack member's locale", () => {
	it("is kept when the member chose a language", () => {
		expect(classifySlackMember({ id: "U1", locale: "cy-GB" })).toEqual({
			kind: "found",
			userId: "U1",
			locale: "cy-GB",
		});
		expect(classifySlackMember({ id: "U2", locale: "en-GB" })).toEqual({
			kind: "found",
			userId: "U2",
			locale: "en-GB",
		});
	});

	it("is dropped when it is Slack's default (en-US), which says nothing about what they read", () => {
		expect(classifySlackMember({ id: "U3", locale: "en-US" })).toEqual({
			kind: "found",
			userId: "U3",
		});
	});
});
