import { AnswerAdmission } from "../../src/chat/answer-admission.js";
import type { ParticipantAction } from "../../src/chat/participant/participant-action.js";
import type { ParticipantResult } from "../../src/chat/participant/participant-result.js";
import { runParticipantAction } from "../../src/chat/participant/run-participant-action.js";
import { createLogger } from "../../src/logger.js";
import { startParticipantCensus } from "./participant-census.js";
import {
	type Actor,
	describeParticipantContract,
	type Shown,
} from "./participant-contract.js";

/**
 * The participant core with a platform in memory: actions are handed to it as a platform's adapter would parse
 * them, people are found by their Slack-like user id, and the result is shown as it is. The reference the real
 * platforms are held to.
 */
describeParticipantContract("in memory", async () => {
	const c = await startParticipantCensus("pcmem", "slack");
	const lines: string[] = [];
	const deps = {
		service: c.t.runtime.service,
		admission: new AnswerAdmission(),
		logger: createLogger("debug", { write: (l: string) => void lines.push(l) }),
		platform: "in-memory" as const,
	};
	const act = async (who: Actor, action: ParticipantAction): Promise<Shown> => {
		const userId =
			who === "outsider" ? "U0OUTSIDER" : c.person(who).slackUserId;
		const { result, afterReply } = await runParticipantAction(
			deps,
			action,
			(campaign) =>
				c.t.runtime.store.findParticipantByUser(campaign.id, {
					platform: "slack",
					id: userId,
				}),
		);
		await afterReply?.();
		return shown(result);
	};
	return {
		...c,
		logs: () => [c.logs(), ...lines].join("\n"),
		open: (who, campaignId = c.campaignId) =>
			act(who, { kind: "open", campaignId }),
		optOut: (who, campaignId = c.campaignId) =>
			act(who, { kind: "opt-out", campaignId }),
		submit: (who, inputs, campaignId = c.campaignId) =>
			act(who, {
				kind: "submit",
				campaignId,
				answers: Object.fromEntries(
					Object.entries(inputs).map(([k, v]) => [k.slice(2), v]),
				),
				receivedAt: performance.now(),
			}),
		close: () => c.t.stop(),
	};
});

function shown(r: ParticipantResult): Shown {
	const questions =
		r.kind === "questions" || r.kind === "invalid-answer" || r.kind === "busy"
			? r.campaign.questions.map((q) => `q_${q}`)
			: [];
	return { kind: r.kind, questions, content: JSON.stringify(r) };
}
