import { randomBytes } from "node:crypto";
import {
	type Activity,
	type AdaptiveCardInvokeResponse,
	type AdaptiveCardInvokeValue,
	TeamsActivityHandler,
	TurnContext as Turn,
	type TurnContext,
} from "botbuilder";
import type {
	TeamsConversation,
	TeamsConversationStore,
} from "../../domain/roster/teams-conversation-store.js";
import type { Logger } from "../../logger.js";
import { helpText, teamsText, text } from "../messages.js";
import type { AdaptiveCard } from "./cards/adaptive-card.js";
import { messageCard } from "./cards/message-card.js";
import { parseTeamsCommand } from "./parse-teams-command.js";
import {
	TeamsCardActions,
	type TeamsCensusDeps,
} from "./teams-card-actions.js";

/** What the Teams bot needs. */
export type TeamsBotDeps = {
	conversations: TeamsConversationStore;
	logger: Logger;
	/** The census behind the cards' buttons; without it (transport-only tests) card actions get 501. */
	census?: TeamsCensusDeps;
};

/** The person's personal conversation from an activity in it, or null for channels and group chats. */
export function personalConversationOf(
	activity: Activity,
): TeamsConversation | null {
	const { conversation, from, recipient, serviceUrl, channelId } = activity;
	if (conversation?.conversationType !== "personal" || !from?.id) return null;
	const channelData = activity.channelData as
		| { tenant?: { id?: string } }
		| undefined;
	const tenantId = channelData?.tenant?.id ?? conversation.tenantId;
	if (!tenantId) return null;
	const aadObjectId = from.aadObjectId ?? null;
	return {
		userId: from.id,
		aadObjectId,
		tenantId,
		conversationId: conversation.id,
		serviceUrl,
		// A reference without the activity id or display names: it stays the same from message to message.
		reference: {
			channelId,
			serviceUrl,
			conversation: {
				id: conversation.id,
				conversationType: "personal",
				tenantId,
			},
			bot: { id: recipient.id },
			user: { id: from.id, ...(aadObjectId ? { aadObjectId } : {}) },
		},
	};
}

/**
 * The Teams bot: captures each person's personal conversation on install and first contact, and answers
 * `census help` in personal chat and by channel mention with the same help text as Slack; answers the cards'
 * buttons (Answer, Don't remind me, Send) as Slack's buttons and modal do.
 */
export class TeamsBot extends TeamsActivityHandler {
	private readonly cardActions: TeamsCardActions | undefined;

	constructor(private readonly deps: TeamsBotDeps) {
		super();
		this.cardActions = deps.census
			? new TeamsCardActions({ ...deps.census, logger: deps.logger }, () =>
					this.publish(),
				)
			: undefined;
		this.onMembersAdded(async (context, next) => {
			const botId = context.activity.recipient?.id;
			if (context.activity.membersAdded?.some((m) => m.id === botId))
				await this.capture(context);
			await next();
		});
		this.onMessage(async (context, next) => {
			await this.capture(context);
			await this.answer(context);
			await next();
		});
	}

	/** The edge handler for anything a turn throws: log with a reference, tell the person, change nothing. */
	async handleTurnError(context: TurnContext, err: Error): Promise<void> {
		const ref = randomBytes(4).toString("hex");
		this.deps.logger.error(
			{ platform: "teams", event: context.activity.type, requestId: ref, err },
			"teams turn failed",
		);
		if (context.activity.type !== "message") return;
		await context
			.sendActivity(text.error(ref))
			.catch((sendErr: unknown) =>
				this.deps.logger.warn(
					{ platform: "teams", requestId: ref, err: sendErr as Error },
					"teams error reply failed",
				),
			);
	}

	/** The cards' `Action.Execute` buttons: the response carries the card that replaces the one clicked. */
	protected override async onAdaptiveCardInvoke(
		context: TurnContext,
		value: AdaptiveCardInvokeValue,
	): Promise<AdaptiveCardInvokeResponse> {
		if (!this.cardActions) return super.onAdaptiveCardInvoke(context, value);
		return this.cardActions.handle(context.activity.from, value);
	}

	/** `census_publish` from a report preview card; posting reports from Teams is not built yet. */
	private async publish(): Promise<AdaptiveCard> {
		return messageCard("Posting the report from Teams is not available yet.");
	}

	private async capture(context: TurnContext): Promise<void> {
		const conversation = personalConversationOf(context.activity);
		if (conversation) await this.deps.conversations.save(conversation);
	}

	private async answer(context: TurnContext): Promise<void> {
		const said = Turn.removeRecipientMention(context.activity) ?? "";
		const command = parseTeamsCommand(said);
		this.deps.logger.info(
			{
				platform: "teams",
				event: "message",
				command: command.kind === "command" ? command.subcommand : command.kind,
			},
			"teams message",
		);
		// Outside personal chat the bot sees only messages that @mention it, so each one gets an answer.
		if (command.kind === "not-a-command") {
			await context.sendActivity(teamsText.hint);
			return;
		}
		if (command.kind === "unknown") {
			await context.sendActivity(teamsText.unknown(command.word));
			return;
		}
		await context.sendActivity(
			command.subcommand === "help"
				? helpText
				: teamsText.notYet(command.subcommand),
		);
	}
}
