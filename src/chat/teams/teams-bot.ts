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
import type { AdminDeps } from "../admin/admin-deps.js";
import { teamsDialect } from "../admin/dialect.js";
import type { PostReport } from "../admin/publish-report.js";
import { runAdminCommand } from "../admin/run-admin-command.js";
import type { AnswerAdmission } from "../answer-admission.js";
import { teamsText, text } from "../messages.js";
import { isTeamsAdmin } from "./is-teams-admin.js";
import { parseTeamsCommand } from "./parse-teams-command.js";
import { teamsAdminReplies } from "./teams-admin-replies.js";
import { receivedAtKey, TeamsCardActions } from "./teams-card-actions.js";
import { teamsPublishAction } from "./teams-publish-action.js";

/** What the Teams bot needs. */
export type TeamsBotDeps = {
	conversations: TeamsConversationStore;
	logger: Logger;
	/** The admin commands' services, shared with Slack; the cards' buttons use its census service and store. */
	admin: AdminDeps;
	/** Posts a report to its leadership channel (the preview's "Post" button). */
	postReport: PostReport;
	/** Sheds answers under overload, with the process's other platforms. */
	admission?: AnswerAdmission;
};

/** The Teams channel a message was posted in, or undefined outside channels. */
export function teamsChannelOf(activity: Activity): string | undefined {
	if (activity.conversation?.conversationType !== "channel") return undefined;
	const channelData = activity.channelData as
		| { channel?: { id?: unknown }; teamsChannelId?: unknown }
		| undefined;
	const id = channelData?.channel?.id ?? channelData?.teamsChannelId;
	return typeof id === "string" ? id : undefined;
}

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
 * The Teams bot: captures each person's personal conversation on install and first contact; answers the cards'
 * buttons (Answer, Don't remind me, Send) as Slack's buttons and modal do; runs the admin commands
 * (`census start|status|remind|nudge|close|results|resend-unknown|help`) in personal chat and by channel mention,
 * through the same code as Slack's `/census`; the report preview's "Post" button posts to the channel.
 */
export class TeamsBot extends TeamsActivityHandler {
	private readonly cardActions: TeamsCardActions;

	constructor(private readonly deps: TeamsBotDeps) {
		super();
		this.cardActions = new TeamsCardActions(
			{
				service: deps.admin.service,
				store: deps.admin.store,
				logger: deps.logger,
				...(deps.admission ? { admission: deps.admission } : {}),
			},
			(from, data) =>
				teamsPublishAction(
					{ ...deps.admin, postReport: deps.postReport },
					from,
					data,
				),
		);
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
		const receivedAt = context.turnState.get(receivedAtKey);
		return this.cardActions.handle(
			context.activity.from,
			value,
			typeof receivedAt === "number" ? receivedAt : performance.now(),
		);
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
		const { from } = context.activity;
		// As in Slack, every subcommand, help included, is for census admins only.
		if (!(await isTeamsAdmin(this.deps.admin, from))) {
			await context.sendActivity(text.notAdmin);
			return;
		}
		if (command.kind === "unknown") {
			await context.sendActivity(teamsText.unknown(command.word));
			return;
		}
		const channel = teamsChannelOf(context.activity);
		await runAdminCommand(
			this.deps.admin,
			teamsDialect,
			teamsAdminReplies(context, {
				personal: context.activity.conversation.conversationType === "personal",
			}),
			{ subcommand: command.subcommand, args: command.args },
			{
				userId: from.aadObjectId ?? from.id,
				...(channel ? { defaultChannel: channel } : {}),
			},
		);
	}
}
