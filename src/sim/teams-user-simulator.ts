import { z } from "zod";
import {
	type AdaptiveCard,
	adaptiveCardType,
	verbs,
} from "../chat/teams/cards/adaptive-card.js";
import {
	cardAction,
	type TeamsActivityContext,
	type TeamsTestUser,
} from "./teams-activities.js";
import type { TeamsActivitySender } from "./teams-activity-sender.js";

/** One question on a card as a person sees it: the input's id, its label and the options' titles and values. */
export type CardQuestion = {
	inputId: string;
	label: string;
	options: { title: string; value: string }[];
};

/** Picks an option's value for a question, or undefined to leave it unanswered. */
export type CardChooser = (question: CardQuestion) => string | undefined;

/** What the bot answered an invoke with: the replacing card, or the error botbuilder conventions give. */
export type CardReply = {
	status: number;
	/** The card that replaces the clicked one; undefined when the response carried none. */
	card: AdaptiveCard | undefined;
	/** The error response's `value` (`{ code, message }`), when the response is one. */
	error: { code: string; message: string } | undefined;
	/** From posting the invoke to reading the whole response. */
	elapsedMs: number;
};

const invokeResponseSchema = z.object({
	statusCode: z.number(),
	type: z.string(),
	value: z.record(z.string(), z.unknown()),
});

const choiceSetSchema = z.object({
	type: z.literal("Input.ChoiceSet"),
	id: z.string(),
	label: z.string().default(""),
	choices: z.array(z.object({ title: z.string(), value: z.string() })),
});

const executeSchema = z.object({
	type: z.literal("Action.Execute"),
	verb: z.string(),
	data: z.record(z.string(), z.unknown()).default({}),
});

/** The questions on a card, read from its `Input.ChoiceSet`s (values as the card gives them). */
export function cardQuestions(card: AdaptiveCard): CardQuestion[] {
	return card.body.flatMap((element) => {
		const set = choiceSetSchema.safeParse(element);
		return set.success
			? [
					{
						inputId: set.data.id,
						label: set.data.label,
						options: set.data.choices,
					},
				]
			: [];
	});
}

/** The card's `Action.Execute` button with this verb, or undefined. */
export function cardButton(
	card: AdaptiveCard,
	verb: string,
): z.infer<typeof executeSchema> | undefined {
	for (const action of card.actions ?? []) {
		const parsed = executeSchema.safeParse(action);
		if (parsed.success && parsed.data.verb === verb) return parsed.data;
	}
	return undefined;
}

/**
 * A simulated Teams employee in the bot's personal chat: clicks the invitation's buttons and fills in the question
 * card it gets back, as the Teams client does with `Action.Execute` (the inputs' values merged into the button's data).
 */
export class TeamsUserSimulator {
	constructor(
		private readonly opts: {
			sender: TeamsActivitySender;
			ctx: TeamsActivityContext;
			user: TeamsTestUser;
		},
	) {}

	/** Clicks "Answer" on the invitation for this campaign. */
	openInvitation(campaignId: string): Promise<CardReply> {
		return this.execute(verbs.answer, { campaignId });
	}

	/** Clicks "Don't remind me" on the invitation for this campaign. */
	optOut(campaignId: string): Promise<CardReply> {
		return this.execute(verbs.optOut, { campaignId });
	}

	/** Chooses an option for each question on `card` with `choose` and clicks its send button. */
	submit(card: AdaptiveCard, choose: CardChooser): Promise<CardReply> {
		const button = cardButton(card, verbs.submit);
		if (!button) throw new Error("the card has no send button");
		const inputs: Record<string, string> = {};
		for (const question of cardQuestions(card)) {
			const value = choose(question);
			if (value !== undefined) inputs[question.inputId] = value;
		}
		return this.execute(button.verb, { ...button.data, ...inputs });
	}

	/** Clicks an `Action.Execute` button with this verb and data, as they would arrive from any card. */
	async execute(
		verb: string,
		data: Record<string, unknown>,
	): Promise<CardReply> {
		const started = performance.now();
		const answer = await this.opts.sender.post(
			cardAction(this.opts.ctx, this.opts.user, { verb, data }),
		);
		const elapsedMs = performance.now() - started;
		const parsed = invokeResponseSchema.safeParse(
			answer.body ? JSON.parse(answer.body) : undefined,
		);
		const response = parsed.success ? parsed.data : undefined;
		return {
			status: answer.status,
			card:
				response?.type === adaptiveCardType
					? (response.value as AdaptiveCard)
					: undefined,
			error:
				response && response.type !== adaptiveCardType
					? {
							code: String(response.value.code),
							message: String(response.value.message),
						}
					: undefined,
			elapsedMs,
		};
	}
}
