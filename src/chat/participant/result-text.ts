import type { Dialect } from "../admin/dialect.js";
import { notInvitedText, text } from "../messages.js";
import type { ParticipantResult } from "./participant-result.js";

/**
 * What a result says to the person, in the platform's dialect (the only name in it, the organiser's contact, is
 * escaped by it): the questions and the census page are drawn by each platform instead.
 */
export function resultText(
	r: Exclude<ParticipantResult, { kind: "questions" | "home" }>,
	d: Dialect,
): string {
	switch (r.kind) {
		case "thanks":
			return text.thanks;
		case "already-answered":
			return text.alreadyAnswered;
		case "not-invited":
			return notInvitedText(r.organiser, d);
		case "closed":
			return text.closed;
		case "invalid-answer":
			return text.invalidAnswer;
		case "busy":
			return text.busy;
		case "opted-out":
			return text.optedOut;
		case "error":
			return text.error(r.ref);
	}
}
