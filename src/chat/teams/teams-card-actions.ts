import { randomBytes } from "node:crypto";
import type {
	AdaptiveCardInvokeResponse,
	AdaptiveCardInvokeValue,
	ChannelAccount,
} from "botbuilder";
import { z } from "zod";
import type { CensusService } from "../../domain/campaigns/census-service.js";
import type { Campaign, CensusStore, Participant } from "../../domain/ports.js";
import type { QuestionKey } from "../../domain/questions/catalogue.js";
import type { Logger } from "../../logger.js";
import { teamsDialect } from "../admin/dialect.js";
import { AnswerAdmission } from "../answer-admission.js";
import { notInvitedText, text } from "../messages.js";
import {
	type AdaptiveCard,
	adaptiveCardType,
	verbs,
} from "./cards/adaptive-card.js";
import { messageCard } from "./cards/message-card.js";
import { optedOutCard } from "./cards/opted-out-card.js";
import { questionCard } from "./cards/question-card.js";
import { thankYouCard } from "./cards/thank-you-card.js";

/** What the card buttons need: the census use cases and the participation ledger. */
export type TeamsCensusDeps = {
	service: CensusService;
	store: CensusStore;
	/** Sheds answers under overload (default: one with the default limits). */
	admission?: AnswerAdmission;
};

/** The turn-state key under which the endpoint puts when the request arrived (`performance.now()`). */
export const receivedAtKey = Symbol("census.receivedAt");

/** The part of an `Action.Execute`'s data we depend on: the campaign, and each question's chosen option id. */
const actionDataSchema = z.object({ campaignId: z.uuid() }).loose();
const answerInputsSchema = z.record(
	z.string().regex(/^q_[a-z_]+$/),
	z.string().max(150),
);

const knownVerbs = new Set<string>(Object.values(verbs));

/** An invoke response carrying the card that replaces the one clicked, for the person who clicked. */
function cardResponse(card: AdaptiveCard): AdaptiveCardInvokeResponse {
	return { statusCode: 200, type: adaptiveCardType, value: card };
}

/** An invoke error response, in the shape botbuilder itself returns for a bad `adaptiveCard/action`. */
function badRequest(message: string): AdaptiveCardInvokeResponse {
	return {
		statusCode: 400,
		type: "application/vnd.microsoft.error",
		value: { code: "BadRequest", message },
	};
}

/** The chosen option per question; keys that are not `q_<question>` and empty choices are left out. */
function answersOf(
	data: Record<string, unknown>,
): Partial<Record<QuestionKey, string>> | null {
	const inputs = Object.fromEntries(
		Object.entries(data).filter(([k]) => k.startsWith("q_")),
	);
	const parsed = answerInputsSchema.safeParse(inputs);
	if (!parsed.success) return null;
	const answers: Partial<Record<QuestionKey, string>> = {};
	for (const [id, choice] of Object.entries(parsed.data))
		if (choice) answers[id.slice(2) as QuestionKey] = choice;
	return answers;
}

/**
 * The invitation's and the questions' `Action.Execute` buttons (invoke `adaptiveCard/action`), with the same
 * behaviour as Slack's buttons and modal: each answers with the card that replaces the clicked one. Logs carry
 * the verb, the campaign and a reference, never who clicked nor what was chosen.
 */
export class TeamsCardActions {
	constructor(
		private readonly deps: TeamsCensusDeps & { logger: Logger },
		/** `census_publish` (admins), which another part of the bot answers. */
		private readonly publish: (
			from: ChannelAccount,
			data: Record<string, unknown>,
		) => Promise<AdaptiveCard>,
	) {
		this.admission = deps.admission ?? new AnswerAdmission();
	}

	private readonly admission: AnswerAdmission;

	async handle(
		from: ChannelAccount,
		value: AdaptiveCardInvokeValue,
		/** When the request arrived; default: now. */
		receivedAt: number = performance.now(),
	): Promise<AdaptiveCardInvokeResponse> {
		const { verb } = value.action;
		const data = actionDataSchema.safeParse(value.action.data);
		if (!data.success) return badRequest("The card's data is not valid.");
		const campaignId = data.data.campaignId;
		// The verb is the caller's text until it is one of ours, and logs carry no free text.
		const command = knownVerbs.has(verb) ? verb : "unknown";
		// Debug: at a census's peak this would be hundreds of lines a second (Slack logs no line per answer either).
		this.deps.logger.debug(
			{ platform: "teams", event: "invoke", command, campaignId },
			"teams card action",
		);
		try {
			switch (verb) {
				case verbs.answer:
					return cardResponse(await this.openQuestions(from, campaignId));
				case verbs.submit:
					return cardResponse(await this.submit(from, data.data, receivedAt));
				case verbs.optOut:
					return cardResponse(await this.optOut(from, campaignId));
				case verbs.publish:
					return cardResponse(await this.publish(from, data.data));
				default:
					return badRequest("The card's verb is not supported.");
			}
		} catch (err) {
			// Nothing is recorded unless the one transaction commits; say so, with a reference.
			const ref = randomBytes(4).toString("hex");
			this.deps.logger.error(
				{
					platform: "teams",
					command,
					campaignId,
					requestId: ref,
					err: err as Error,
				},
				"teams card action failed",
			);
			return cardResponse(messageCard(text.error(ref)));
		}
	}

	/** The open campaign and the clicker's place in it, or the card that says why there is nothing to do. */
	private async participation(
		from: ChannelAccount,
		campaignId: string,
	): Promise<
		{ campaign: Campaign; participant: Participant } | { card: AdaptiveCard }
	> {
		const campaign = await this.deps.service.campaignForAnswer(campaignId);
		if (campaign?.status !== "open") return { card: messageCard(text.closed) };
		const participant = await this.deps.store.findParticipantByTeamsUser(
			campaign.id,
			{ userId: from.id, aadObjectId: from.aadObjectId ?? null },
		);
		if (!participant)
			return {
				card: messageCard(notInvitedText(campaign.organiser, teamsDialect)),
			};
		return { campaign, participant };
	}

	private async openQuestions(
		from: ChannelAccount,
		campaignId: string,
	): Promise<AdaptiveCard> {
		const found = await this.participation(from, campaignId);
		if ("card" in found) return found.card;
		if (found.participant.status === "responded")
			return messageCard(text.alreadyAnswered);
		return questionCard(found.campaign);
	}

	/**
	 * Under overload, the questions again with "busy, send it again", before anything is sealed or written: never
	 * an answer stored while Teams' timeout shows the person an error.
	 */
	private async submit(
		from: ChannelAccount,
		data: Record<string, unknown>,
		receivedAt: number,
	): Promise<AdaptiveCard> {
		const ticket = this.admission.enter(receivedAt);
		if (!ticket) return this.busy(String(data.campaignId));
		try {
			const found = await this.participation(from, String(data.campaignId));
			if ("card" in found) return found.card;
			const { campaign, participant } = found;
			const answers = answersOf(data);
			if (!answers) return questionCard(campaign, text.invalidAnswer);
			if (!ticket.inTime()) return questionCard(campaign, text.busy);
			const outcome = await this.deps.service.answer(
				campaign,
				participant,
				answers,
			);
			return this.answered(campaign, outcome);
		} finally {
			ticket.release();
		}
	}

	private async busy(campaignId: string): Promise<AdaptiveCard> {
		const campaign = await this.deps.service.campaignForAnswer(campaignId);
		if (campaign?.status !== "open") return messageCard(text.closed);
		return questionCard(campaign, text.busy);
	}

	private answered(
		campaign: Campaign,
		outcome: Awaited<ReturnType<CensusService["answer"]>>,
	): AdaptiveCard {
		if (outcome === "invalid")
			return questionCard(campaign, text.invalidAnswer);
		if (outcome === "recorded") this.settle(campaign);
		return {
			recorded: thankYouCard(),
			"already-responded": messageCard(text.alreadyAnswered),
			"not-invited": messageCard(
				notInvitedText(campaign.organiser, teamsDialect),
			),
			"campaign-closed": messageCard(text.closed),
		}[outcome];
	}

	private async optOut(
		from: ChannelAccount,
		campaignId: string,
	): Promise<AdaptiveCard> {
		const found = await this.participation(from, campaignId);
		if ("card" in found) return found.card;
		const { campaign, participant } = found;
		// Someone who has answered stays answered: "don't remind me" changes nothing for them.
		if (participant.status === "responded")
			return messageCard(text.alreadyAnswered);
		await this.deps.service.optOut(campaign.id, participant.employeeId);
		return optedOutCard(campaign);
	}

	/** Shuffles the pool when due, after the invoke is answered: Teams waits for the response, not for this. */
	private settle(campaign: Campaign): void {
		this.deps.service
			.settlePool(campaign)
			.catch((err: unknown) =>
				this.deps.logger.error(
					{ platform: "teams", campaignId: campaign.id, err: err as Error },
					"pool shuffle failed; the next answer retries it",
				),
			);
	}
}
