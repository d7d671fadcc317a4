import { randomBytes } from "node:crypto";
import type { ParticipantAction } from "./participant-action.js";
import type { FindParticipant, ParticipantDeps } from "./participant-deps.js";
import type {
	ParticipantOutcome,
	ParticipantResult,
	ResultOf,
} from "./participant-result.js";
import { openCampaign, participation } from "./participation.js";
import { submitAnswer } from "./submit-answer.js";

/**
 * Decides what an employee's action leads to, the same on every platform: each platform only parses its payload
 * into a `ParticipantAction`, says how to find the person (`find`), and draws the result. A storage failure is
 * logged with a reference and answered with it; nothing is recorded unless the one transaction commits. Logs carry
 * the action, the campaign and a reference, never who acted nor what they chose.
 */
export async function runParticipantAction<A extends ParticipantAction>(
	deps: ParticipantDeps,
	action: A,
	find: FindParticipant,
): Promise<ParticipantOutcome<ResultOf<A>>> {
	// Whoever the action finds is the reader: the result is drawn in the language the roster gives them, else in
	// their platform's locale.
	let language: string | null = null;
	let platformLocale: string | null = null;
	const finding: FindParticipant = async (campaign) => {
		const p = await find(campaign);
		language = p?.language ?? null;
		platformLocale = p?.platformLocale ?? null;
		return p;
	};
	try {
		const outcome = await decide(deps, action, finding);
		return { ...outcome, language, platformLocale } as ParticipantOutcome<
			ResultOf<A>
		>;
	} catch (err) {
		const ref = randomBytes(4).toString("hex");
		deps.logger.error(
			{
				platform: deps.platform,
				action: action.kind,
				...("campaignId" in action ? { campaignId: action.campaignId } : {}),
				requestId: ref,
				err: err as Error,
			},
			"participant action failed",
		);
		return {
			result: { kind: "error", ref } as ResultOf<A>,
			language,
			platformLocale,
		};
	}
}

async function decide(
	deps: ParticipantDeps,
	action: ParticipantAction,
	find: FindParticipant,
): Promise<ParticipantOutcome> {
	switch (action.kind) {
		case "open":
		case "opt-out":
			return {
				result: await notYetAnswered(
					deps,
					action.campaignId,
					find,
					action.kind === "opt-out",
				),
			};
		case "home":
			return { result: await home(deps, find) };
		case "submit":
			return submitAnswer(deps, action, find);
	}
}

/**
 * The questions, or "don't remind me" (`optOut`), for someone who has not answered yet. Someone who has answered
 * stays answered: "don't remind me" changes nothing for them.
 */
async function notYetAnswered(
	deps: ParticipantDeps,
	campaignId: string | null,
	find: FindParticipant,
	optOut: boolean,
): Promise<ParticipantResult> {
	const p = await participation(deps, campaignId, find);
	if (p.kind !== "found") return p;
	if (p.participant.status === "responded") return { kind: "already-answered" };
	if (!optOut) return { kind: "questions", campaign: p.campaign };
	await deps.service.optOut(p.campaign.id, p.participant.employeeId);
	return { kind: "opted-out", campaign: p.campaign };
}

async function home(
	deps: ParticipantDeps,
	find: FindParticipant,
): Promise<ParticipantResult> {
	const campaign = await openCampaign(deps, null);
	const participant = campaign ? await find(campaign) : null;
	return {
		kind: "home",
		campaign,
		status: participant?.active ? participant.status : null,
	};
}
