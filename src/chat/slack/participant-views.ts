import type { ModalView, View } from "@slack/types";
import type { Translator } from "../../text/translator.js";
import { slackDialect } from "../admin/dialect.js";
import type { ParticipantAction } from "../participant/participant-action.js";
import type { ResultOf } from "../participant/participant-result.js";
import { resultText } from "../participant/result-text.js";
import { homeView, messageModal, questionModal, section } from "./blocks.js";

type Submit = Extract<ParticipantAction, { kind: "submit" }>;

/** The modal an Answer click opens, in the person's language: the questions, or a message saying why there are none. */
export function resultModal(
	r: ResultOf<Extract<ParticipantAction, { kind: "open" | "submit" }>>,
	t: Translator,
): ModalView {
	if (r.kind === "questions") return questionModal(r.campaign, t);
	return messageModal(t.t("census.title"), resultText(r, slackDialect, t), t);
}

/**
 * The answer modal's reply to a send: the modal stays open with the person's choices for a problem they can fix
 * (an invalid answer, "busy, send it again"); otherwise it becomes the message.
 */
export function submitReply(r: ResultOf<Submit>, t: Translator) {
	if (r.kind === "invalid-answer" || r.kind === "busy")
		return {
			response_action: "errors" as const,
			errors: { q_key: resultText(r, slackDialect, t) },
		};
	return { response_action: "update" as const, view: resultModal(r, t) };
}

/** App Home for an employee, or the error with its reference. */
export function participantHome(
	r: ResultOf<{ kind: "home" }>,
	t: Translator,
): View {
	if (r.kind === "home")
		return homeView({ campaign: r.campaign, status: r.status }, t);
	return { type: "home", blocks: [section(resultText(r, slackDialect, t))] };
}
