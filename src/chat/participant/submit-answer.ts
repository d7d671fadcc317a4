import type { Campaign } from "../../domain/ports.js";
import type { ParticipantAction } from "./participant-action.js";
import type { FindParticipant, ParticipantDeps } from "./participant-deps.js";
import type {
	ParticipantOutcome,
	ParticipantResult,
} from "./participant-result.js";
import { participation } from "./participation.js";

type Submit = Extract<ParticipantAction, { kind: "submit" }>;

/** What the ledger's refusal of an answer means to the person. */
function refusal(
	outcome: "already-responded" | "not-invited" | "campaign-closed",
	campaign: Campaign,
): ParticipantResult {
	if (outcome === "already-responded") return { kind: "already-answered" };
	if (outcome === "not-invited")
		return { kind: "not-invited", organiser: campaign.organiser };
	return { kind: "closed" };
}

/**
 * Records an answer. Under overload it is turned away ("busy, send it again") before anything is sealed or
 * written, or its write rolls back when it cannot finish in time: never an answer stored while the platform's
 * timeout shows the person an error. Once recorded, the
 * pool's shuffle (when due) is left for after the reply: the person waits for the answer, not for it.
 */
export async function submitAnswer(
	deps: ParticipantDeps,
	action: Submit,
	find: FindParticipant,
): Promise<ParticipantOutcome> {
	const ticket = deps.admission.enter(action.receivedAt);
	if (!ticket) return { result: await busy(deps, action.campaignId, find) };
	try {
		// The answer path: a second-old copy of the campaign will do (see `openCampaign`).
		const p = await participation(deps, action.campaignId, find, true);
		if (p.kind !== "found") return { result: p };
		if (!action.answers)
			return { result: { kind: "invalid-answer", campaign: p.campaign } };
		if (!ticket.inTime())
			return { result: { kind: "busy", campaign: p.campaign } };
		const outcome = await deps.service.answer(
			p.campaign,
			p.participant,
			action.answers,
			ticket.commitBy,
		);
		if (outcome === "recorded")
			return {
				result: {
					kind: "thanks",
					campaign: p.campaign,
					participant: p.participant,
				},
				afterReply: () => settle(deps, p.campaign),
			};
		if (outcome === "invalid")
			return { result: { kind: "invalid-answer", campaign: p.campaign } };
		// The write missed the deadline and rolled back: "send it again" is true, and nothing counted.
		if (outcome === "too-late")
			return { result: { kind: "busy", campaign: p.campaign } };
		return { result: refusal(outcome, p.campaign) };
	} finally {
		ticket.release();
	}
}

/**
 * The questions again, to send once more, for a person on the census; someone who is not gets the same neutral
 * reply as at any other time (never the questions), and a campaign no longer open says so. One read of the
 * person's place, not the write the shedding spares.
 */
async function busy(
	deps: ParticipantDeps,
	campaignId: string,
	find: FindParticipant,
): Promise<ParticipantResult> {
	// Under overload: a second-old copy of the campaign will do.
	const p = await participation(deps, campaignId, find, true);
	return p.kind === "found" ? { kind: "busy", campaign: p.campaign } : p;
}

/** Shuffles the pool when due. A failure is logged: the next answer retries it. */
async function settle(
	deps: ParticipantDeps,
	campaign: Campaign,
): Promise<void> {
	await deps.service.settlePool(campaign).then(
		() => undefined,
		(err: unknown) =>
			deps.logger.error(
				{ platform: deps.platform, campaignId: campaign.id, err: err as Error },
				"pool shuffle failed; the next answer retries it",
			),
	);
}
