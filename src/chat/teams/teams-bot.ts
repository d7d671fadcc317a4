import { randomBytes } from "node:crypto";
import {
	type AdaptiveCardInvokeResponse,
	type AdaptiveCardInvokeValue,
	type InvokeResponse,
	TeamsActivityHandler,
	TurnContext as Turn,
	type TurnContext,
} from "botbuilder";
import type { ReachRecorder } from "../../domain/roster/reach-recorder.js";
import type { TeamsConversationStore } from "../../domain/roster/teams-conversation-store.js";
import type { Logger } from "../../logger.js";
import { englishOnly, type Languages } from "../../text/languages.js";
import type { Translator } from "../../text/translator.js";
import type { AdminDeps } from "../admin/admin-deps.js";
import { teamsDialect } from "../admin/dialect.js";
import type { AfterTurn } from "../admin/long-command.js";
import type { ReportPoster } from "../admin/publish-report.js";
import { runAdminCommand } from "../admin/run-admin-command.js";
import type { AnswerAdmission } from "../answer-admission.js";
import { teamsText } from "../messages.js";
import {
	type AdaptiveCard,
	adaptiveCardType,
	cardAttachment,
	verbs,
} from "./cards/adaptive-card.js";
import { messageCard } from "./cards/message-card.js";
import { placeOf, teamsChannelOf } from "./conversation-place.js";
import { isTeamsAdmin } from "./is-teams-admin.js";
import { markInstalled, markRemoved } from "./mark-removed.js";
import { parseTeamsCommand } from "./parse-teams-command.js";
import { teamsAdminReplies } from "./teams-admin-replies.js";
import {
	afterReplyKey,
	employeeCampaignOf,
	receivedAtKey,
	TeamsCardActions,
} from "./teams-card-actions.js";
import type { TeamsProactive } from "./teams-proactive.js";
import { teamsPublishAction } from "./teams-publish-action.js";
import {
	filesOf,
	teamsRosterImportAction,
	teamsRosterUpload,
} from "./teams-roster-upload.js";
import { teamsStartFormAction } from "./teams-start-form-action.js";

/** What the Teams bot needs. */
export type TeamsBotDeps = {
	conversations: TeamsConversationStore;
	logger: Logger;
	/** The admin commands' services, shared with Slack; the cards' buttons use its census service and store. */
	admin: AdminDeps;
	/** Posts a report to its leadership channel (the preview's "Post" button). */
	postReport: ReportPoster;
	/** Sheds answers under overload, with the process's other platforms. */
	admission?: AnswerAdmission;
	/** Records people who removed the app as unreachable (`app_not_installed`). */
	reach?: ReachRecorder;
	/**
	 * Sends into a conversation after its turn: long admin commands (start, check, close…) then answer within the
	 * turn and report their outcome this way. Without it they run inside the turn.
	 */
	proactive?: TeamsProactive;
	/** The languages employees are spoken to in (absent: English (UK) only). */
	languages?: Languages;
};

/**
 * The Teams bot: captures each person's personal conversation on install and first contact; answers the cards'
 * buttons (Answer, Don't remind me, Send) as Slack's buttons and modal do; runs the admin commands
 * (`census start|status|remind|nudge|close|results|resend-unknown|help`) in personal chat and by channel mention,
 * through the same code as Slack's `/census`; the report preview's "Post" button posts to the channel. A CSV an
 * admin sends in personal chat is a roster upload (dry run, then Import).
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
				...(deps.languages ? { languages: deps.languages } : {}),
			},
			(from, data, locale) =>
				teamsPublishAction(
					{ ...deps.admin, postReport: deps.postReport },
					from,
					data,
					// The admin's language: their Teams client's locale, else the default.
					(deps.languages ?? englishOnly).pick(null, locale),
				),
		);
		this.onMembersAdded(async (context, next) => {
			const botId = context.activity.recipient?.id;
			if (context.activity.membersAdded?.some((m) => m.id === botId)) {
				// Captured as on first contact: an install never re-points a chat already captured for the person.
				await placeOf(context.activity, this.deps.conversations);
				await markInstalled(context.activity, this.deps.reach);
			}
			await next();
		});
		this.onMessage(async (context, next) => {
			await this.answer(context);
			await next();
		});
		this.onInstallationUpdateRemove(async (context, next) => {
			await markRemoved(context.activity, this.deps.reach);
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
			.sendActivity(this.translatorOf(context).t("result.error", { ref }))
			.catch((sendErr: unknown) =>
				this.deps.logger.warn(
					{ platform: "teams", requestId: ref, err: sendErr as Error },
					"teams error reply failed",
				),
			);
	}

	/**
	 * Every invoke: botbuilder answers one it has no handler for (another name) with 501, and throws a TypeError on
	 * some malformed values (`value.action: null`), which also ends as a 501: server errors to Teams. The bot answers
	 * a malformed invoke with 400 and acknowledges an unknown one, with a log line to count them by.
	 */
	protected override async onInvokeActivity(
		context: TurnContext,
	): Promise<InvokeResponse> {
		let response: InvokeResponse;
		try {
			response = await super.onInvokeActivity(context);
		} catch (err) {
			if (!(err instanceof TypeError)) throw err;
			this.deps.logger.info(
				{
					platform: "teams",
					event: "unknown-interaction",
					kind: "malformed-invoke",
				},
				"malformed teams invoke refused",
			);
			return { status: 400 };
		}
		if (response.status !== 501) return response;
		this.deps.logger.info(
			{ platform: "teams", event: "unknown-interaction", kind: "invoke" },
			"unknown teams invoke acknowledged",
		);
		return { status: 200 };
	}

	/** The cards' `Action.Execute` buttons: the response carries the card that replaces the one clicked. */
	protected override async onAdaptiveCardInvoke(
		context: TurnContext,
		value: AdaptiveCardInvokeValue,
	): Promise<AdaptiveCardInvokeResponse> {
		// An employee's button: their invitation is read with the place, in the same round trip.
		const campaignId = employeeCampaignOf(value);
		const { place, participant } = await placeOf(
			context.activity,
			this.deps.conversations,
			campaignId,
		);
		const verb = value.action?.verb;
		const startForm = verb === verbs.start || verb === verbs.startPreview;
		// Answers and opt-outs only from the person's own chat; the admins' report "Post" button and start form
		// also from a channel.
		const allowed =
			place === "own-personal-chat" ||
			(place === "channel" && (verb === verbs.publish || startForm));
		if (!allowed) {
			this.deps.logger.warn(
				{ platform: "teams", event: "invoke", place },
				"teams card action refused: not the sender's own chat",
			);
			return {
				statusCode: 200,
				type: adaptiveCardType,
				value: messageCard(this.translatorOf(context).t("teams.ownChatOnly")),
			};
		}
		if (startForm) return this.startForm(context, verb, value.action.data);
		if (value.action?.verb === verbs.rosterImport)
			return {
				statusCode: 200,
				type: adaptiveCardType,
				value: await this.rosterImport(context, value.action.data),
			};
		const receivedAt = context.turnState.get(receivedAtKey);
		const afterReply = context.turnState.get(afterReplyKey);
		return this.cardActions.handle(
			context.activity.from,
			value,
			typeof receivedAt === "number" ? receivedAt : performance.now(),
			Array.isArray(afterReply)
				? (work) => afterReply.push(work)
				: (work) => void work(),
			context.activity.locale ?? null,
			campaignId && participant !== undefined
				? { campaignId, participant }
				: undefined,
		);
	}

	/** The sender's language: their Teams client's locale, else the default. */
	private translatorOf(context: TurnContext): Translator {
		return (this.deps.languages ?? englishOnly).pick(
			null,
			typeof context.activity.locale === "string"
				? context.activity.locale
				: null,
		);
	}

	/** The start form's buttons; a failure is said on the card with a reference, never the stack. */
	private async startForm(
		context: TurnContext,
		verb: string,
		data: unknown,
	): Promise<AdaptiveCardInvokeResponse> {
		// The admin's language: their Teams client's locale, else the default.
		const t = this.translatorOf(context);
		try {
			const afterTurn = this.afterTurn(context, {
				personal: context.activity.conversation.conversationType === "personal",
			});
			return await teamsStartFormAction(
				this.deps.admin,
				context,
				verb,
				data,
				t,
				afterTurn,
			);
		} catch (err) {
			const ref = randomBytes(4).toString("hex");
			this.deps.logger.error(
				{ platform: "teams", command: verb, requestId: ref, err: err as Error },
				"teams card action failed",
			);
			return {
				statusCode: 200,
				type: adaptiveCardType,
				value: messageCard(
					this.translatorOf(context).t("result.error", { ref }),
				),
			};
		}
	}

	/** The Import button under an uploaded roster's dry run; a failure is said with a reference, never the stack. */
	private async rosterImport(
		context: TurnContext,
		data: unknown,
	): Promise<AdaptiveCard> {
		try {
			return await teamsRosterImportAction(
				this.deps.admin,
				context.activity.from,
				data,
				this.translatorOf(context),
			);
		} catch (err) {
			const ref = randomBytes(4).toString("hex");
			this.deps.logger.error(
				{ platform: "teams", command: "roster-import", requestId: ref, err },
				"roster import failed",
			);
			return messageCard(this.translatorOf(context).t("result.error", { ref }));
		}
	}

	private async answer(context: TurnContext): Promise<void> {
		// Also captures the sender's chat on first contact; a chat that is not theirs is captured for nobody.
		const { place } = await placeOf(context.activity, this.deps.conversations);
		// A file sent in personal chat (Teams delivers files to bots only there) is a roster upload.
		const [file] = filesOf(context.activity);
		if (file && place === "own-personal-chat") {
			const reply = await teamsRosterUpload(
				this.deps.admin,
				context.activity.from,
				file,
				this.translatorOf(context),
			);
			await context.sendActivity(
				typeof reply === "string"
					? reply
					: { type: "message", attachments: [cardAttachment(reply)] },
			);
			return;
		}
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
		const t = this.translatorOf(context);
		// Outside personal chat the bot sees only messages that @mention it, so each one gets an answer.
		if (command.kind === "not-a-command") {
			await context.sendActivity(
				t.t("teams.hint", { command: teamsDialect.code("census help") }),
			);
			return;
		}
		const { from } = context.activity;
		// Commands act for the sender only from their own chat with the bot or from a team channel.
		if (place === "elsewhere") {
			await context.sendActivity(t.t("teams.ownChatOnly"));
			return;
		}
		// As in Slack, every subcommand, help included, is for census admins only.
		if (!(await isTeamsAdmin(this.deps.admin, from))) {
			await context.sendActivity(t.t("result.notAdmin"));
			return;
		}
		if (command.kind === "unknown") {
			await context.sendActivity(teamsText.unknown(command.word, t));
			return;
		}
		const channel = teamsChannelOf(context.activity);
		const where = {
			personal: context.activity.conversation.conversationType === "personal",
		};
		const afterTurn = this.afterTurn(context, where);
		await runAdminCommand(
			this.deps.admin,
			teamsDialect,
			teamsAdminReplies((a) => context.sendActivity(a), where),
			{ subcommand: command.subcommand, args: command.args },
			{
				userId: from.aadObjectId ?? from.id,
				t,
				...(channel ? { defaultChannel: channel } : {}),
				...(afterTurn ? { afterTurn } : {}),
			},
		);
	}

	/**
	 * Runs a long command's work once the turn's response is written (the endpoint's after-reply list; started at
	 * once when there is none), its replies sent proactively into the same conversation: Teams expects the turn
	 * answered within seconds, whatever the roster size.
	 */
	private afterTurn(
		context: TurnContext,
		where: { personal: boolean },
	): AfterTurn | undefined {
		const proactive = this.deps.proactive;
		if (!proactive) return undefined;
		const to = {
			serviceUrl: context.activity.serviceUrl,
			conversationId: context.activity.conversation.id,
		};
		const afterReply = context.turnState.get(afterReplyKey);
		return (work) => {
			const run = async () => {
				await work(teamsAdminReplies((a) => proactive(to, a), where));
			};
			if (Array.isArray(afterReply)) afterReply.push(run);
			else void run();
		};
	}
}
