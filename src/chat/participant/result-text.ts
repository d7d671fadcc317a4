import type { Translator } from "../../text/translator.js";
import type { Dialect } from "../admin/dialect.js";
import { notInvitedText } from "../messages.js";
import type { ParticipantResult } from "./participant-result.js";

/**
 * What a result says to the person, in the platform's dialect and their language (the only name in it, the
 * organiser's contact, is escaped by the dialect): the questions and the census page are drawn by each platform
 * instead.
 */
export function resultText(
	r: Exclude<ParticipantResult, { kind: "questions" | "home" }>,
	d: Dialect,
	t: Translator,
): string {
	switch (r.kind) {
		case "thanks":
			return t.t("result.thanks");
		case "already-answered":
			return t.t("result.alreadyAnswered");
		case "not-invited":
			return notInvitedText(r.organiser, d, t);
		case "closed":
			return t.t("result.closed");
		case "invalid-answer":
			return t.t("result.invalidAnswer");
		case "busy":
			return t.t("result.busy");
		case "opted-out":
			return t.t("result.optedOut");
		case "error":
			return t.t("result.error", { ref: r.ref });
	}
}
