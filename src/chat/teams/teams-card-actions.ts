import { randomBytes } from "node:crypto";
import type {
	AdaptiveCardInvokeResponse,
	AdaptiveCardInvokeValue,
	ChannelAccount,
} from "botbuilder";
import { z } from "zod";
import type { CensusService } from "../../domain/campaigns/census-service.js";
import { asCampaignId, type CampaignId } from "../../domain/ids.js";
import type { Campaign, CensusStore, Participant } from "../../domain/ports.js";
import type { Logger } from "../../logger.js";
import { englishOnly, type Languages } from "../../text/languages.js";
import type { Translator } from "../../text/translator.js";
import { teamsDialect } from "../admin/dialect.js";
import { AnswerAdmission } from "../answer-admission.js";
import { answersFromInputs } from "../participant/answers-from-inputs.js";
import type { ParticipantAction } from "../participant/participant-action.js";
import type { ParticipantDeps } from "../participant/participant-deps.js";
import type { ParticipantResult } from "../participant/participant-result.js";
import { resultText } from "../participant/result-text.js";
import { runParticipantAction } from "../participant/run-participant-action.js";
import {
	type AdaptiveCard,
	adaptiveCardType,
	verbs,
} from "./cards/adaptive-card.js";
import { messageCard } from "./cards/message-card.js";
import { optedOutCard } from "./cards/opted-out-card.js";
import { questionCard } from "./cards/question-card.js";
import { thankYouCard } from "./cards/thank-you-card.js";
import { teamsPlatformUser } from "./teams-platform-user.js";

/** What the card buttons need: the census use cases and the participation ledger. */
export type TeamsCensusDeps = {
	service: CensusService;
	store: CensusStore;
	/** Sheds answers under overload (default: one with the default limits). */
	admission?: AnswerAdmission;
	/** The languages employees are spoken to in (absent: English (UK) only). */
	languages?: Languages;
};

/** The turn-state key under which the endpoint puts when the request arrived (`performance.now()`). */
export const receivedAtKey = Symbol("census.receivedAt");

/**
 * The turn-state key under which the endpoint puts a list for work to run once the invoke response is written
 * (the pool's shuffle): Teams waits for the response, the request waits for the work.
 */
export const afterReplyKey = Symbol("census.afterReply");

/** The part of an `Action.Execute`'s data we depend on: the campaign, and each question's chosen option id. */
const actionDataSchema = z.object({ campaignId: z.uuid() }).loose();
const knownVerbs = new Set<string>(Object.values(verbs));
/** The verbs of an employee's own buttons, which find the person on the campaign's roster. */
const employeeVerbs = new Set<string>([
	verbs.answer,
	verbs.optOut,
	verbs.submit,
]);

/**
 * The campaign an employee's button names (Answer, Don't remind me, Send), for reading the person's invitation to
 * it together with the place the click came from; undefined for other buttons and malformed data.
 */
export function employeeCampaignOf(
	value: AdaptiveCardInvokeValue | undefined,
): CampaignId | undefined {
	if (!employeeVerbs.has(value?.action?.verb ?? "")) return undefined;
	const data = actionDataSchema.safeParse(value?.action?.data);
	return data.success ? asCampaignId(data.data.campaignId) : undefined;
}

/** The person's invitation to a campaign, read already (with the place the click came from). */
export type ParticipantRead = {
	campaignId: CampaignId;
	participant: Participant | null;
};

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

/**
 * The invitation's and the questions' `Action.Execute` buttons (invoke `adaptiveCard/action`), with the same
 * behaviour as Slack's buttons and modal: each answers with the card that replaces the clicked one. Logs carry
 * the verb, the campaign and a reference, never who clicked nor what was chosen.
 */
export class TeamsCardActions {
	private readonly core: ParticipantDeps;

	constructor(
		private readonly deps: TeamsCensusDeps & { logger: Logger },
		/** `census_publish` (admins), which another part of the bot answers. */
		private readonly publish: (
			from: ChannelAccount,
			data: Record<string, unknown>,
			/** The locale of the admin's Teams client, for the reply's language. */
			locale: string | null,
		) => Promise<AdaptiveCard>,
	) {
		this.core = {
			service: deps.service,
			admission: deps.admission ?? new AnswerAdmission(),
			logger: deps.logger,
			platform: "teams",
		};
	}

	async handle(
		from: ChannelAccount,
		value: AdaptiveCardInvokeValue,
		/** When the request arrived; default: now. */
		receivedAt: number = performance.now(),
		/** Takes work to run once the response is written; default: started now, not awaited. */
		later: (work: () => Promise<void>) => void = (work) => void work(),
		/** The locale of the person's Teams client, from the activity. */
		locale: string | null = null,
		/** The person's invitation, when it was read with the place (used for that campaign only). */
		read?: ParticipantRead,
	): Promise<AdaptiveCardInvokeResponse> {
		const { verb } = value.action;
		const data = actionDataSchema.safeParse(value.action.data);
		// The error's message in the clicker's language (their Teams client's locale).
		const t = (this.deps.languages ?? englishOnly).pick(null, locale);
		if (!data.success) return badRequest(t.t("teams.badRequest.data"));
		// The verb is the caller's text until it is one of ours, and logs carry no free text.
		const command = knownVerbs.has(verb) ? verb : "unknown";
		// Debug: at a census's peak this would be hundreds of lines a second (Slack logs no line per answer either).
		this.deps.logger.debug(
			{
				platform: "teams",
				event: "invoke",
				command,
				campaignId: data.data.campaignId,
			},
			"teams card action",
		);
		if (verb === verbs.publish)
			return this.publishReport(from, data.data, locale);
		const action = actionOf(verb, data.data, receivedAt);
		if (!action) return badRequest(t.t("teams.badRequest.verb"));
		const { result, afterReply, language, platformLocale } =
			await runParticipantAction(this.core, action, (campaign: Campaign) =>
				read && read.campaignId === campaign.id
					? Promise.resolve(read.participant)
					: this.deps.store.findParticipantByUser(
							campaign.id,
							teamsPlatformUser(from),
						),
			);
		if (afterReply) later(afterReply);
		// The roster's language for the person, else their Teams client's, else their directory's, else the default.
		const languages = this.deps.languages ?? englishOnly;
		return cardResponse(
			cardOf(result, languages.pick(language, locale, platformLocale)),
		);
	}

	/** The report preview's Post button; a failure is said with a reference, never the stack. */
	private async publishReport(
		from: ChannelAccount,
		data: { campaignId: string } & Record<string, unknown>,
		locale: string | null,
	): Promise<AdaptiveCardInvokeResponse> {
		try {
			return cardResponse(await this.publish(from, data, locale));
		} catch (err) {
			const ref = randomBytes(4).toString("hex");
			this.deps.logger.error(
				{
					platform: "teams",
					command: verbs.publish,
					campaignId: data.campaignId,
					requestId: ref,
					err: err as Error,
				},
				"teams card action failed",
			);
			return cardResponse(
				messageCard(
					resultText(
						{ kind: "error", ref },
						teamsDialect,
						(this.deps.languages ?? englishOnly).pick(),
					),
				),
			);
		}
	}
}

/** The core's action for a card's verb, or null for a verb that is not an employee's. */
function actionOf(
	verb: string,
	data: { campaignId: string } & Record<string, unknown>,
	receivedAt: number,
): ParticipantAction | null {
	switch (verb) {
		case verbs.answer:
			return { kind: "open", campaignId: data.campaignId };
		case verbs.optOut:
			return { kind: "opt-out", campaignId: data.campaignId };
		case verbs.submit:
			return {
				kind: "submit",
				campaignId: data.campaignId,
				answers: answersFromInputs(data),
				receivedAt,
			};
		default:
			return null;
	}
}

/** The card that replaces the one clicked. */
function cardOf(r: ParticipantResult, t: Translator): AdaptiveCard {
	switch (r.kind) {
		case "questions":
			return questionCard(r.campaign, t);
		case "invalid-answer":
		case "busy":
			return questionCard(r.campaign, t, resultText(r, teamsDialect, t));
		case "thanks":
			return thankYouCard(t);
		case "opted-out":
			return optedOutCard(r.campaign, t);
		case "home":
			return messageCard(resultText({ kind: "closed" }, teamsDialect, t));
		default:
			return messageCard(resultText(r, teamsDialect, t));
	}
}
