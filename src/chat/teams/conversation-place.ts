import type { Activity } from "botbuilder";
import type { CampaignId } from "../../domain/ids.js";
import type { Participant } from "../../domain/ports.js";
import type {
	TeamsConversation,
	TeamsConversationStore,
} from "../../domain/roster/teams-conversation-store.js";

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
	const { conversation, from, recipient, serviceUrl, channelId, locale } =
		activity;
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
			// The language the person's Teams client is set to: our messages to them are in it when the roster says none.
			...(typeof locale === "string" && locale ? { locale } : {}),
		},
	};
}

/** Where an activity may act from: the sender's own personal chat, a team channel, or neither. */
export type ConversationPlace = "own-personal-chat" | "channel" | "elsewhere";

/**
 * Teams gives each person one 1:1 conversation with a bot, `a:…`, the same every time. The emulator (local mode)
 * uses other shapes.
 */
function hasPersonalShape(activity: Activity, c: TeamsConversation): boolean {
	return activity.channelId !== "msteams" || c.conversationId.startsWith("a:");
}

/** Where an activity comes from, and the sender's invitation when one was asked for (see `placeOf`). */
export type Placed = {
	place: ConversationPlace;
	/** Read with the place when `participantIn` was given and the store reads it there (see `lookUpOrCapture`). */
	participant?: Participant | null;
};

/**
 * Decides where an activity comes from. A personal chat counts as the sender's own only when it is the one
 * captured for them, looked up by their bot-scoped id and by their Entra object id: an activity naming someone
 * in `from` from a chat captured for another person (or one that re-points their own captured chat) acts for nobody. On first contact
 * (nothing captured yet, as after a conversation the bot created) the chat is captured, as on install, by the
 * lookup itself. Every activity in a personal chat costs one round trip; only a moved chat (or a new Bot Connector
 * URL or client locale) writes once more. With `participantIn` (the campaign an employee's card names), the
 * sender's invitation to it is read in the same round trip; it is to be used only when the place is their own chat.
 */
export async function placeOf(
	activity: Activity,
	conversations: TeamsConversationStore,
	participantIn?: CampaignId,
): Promise<Placed> {
	const conversationType = activity.conversation?.conversationType;
	if (conversationType === "channel")
		return { place: teamsChannelOf(activity) ? "channel" : "elsewhere" };
	const c = personalConversationOf(activity);
	if (!c || !hasPersonalShape(activity, c)) return { place: "elsewhere" };
	const { seen: rows, participant } = await conversations.lookUpOrCapture(
		c,
		participantIn,
	);
	const own = (): Placed =>
		participant === undefined
			? { place: "own-personal-chat" }
			: { place: "own-personal-chat", participant };
	// Nothing captured for the person nor as this chat: a first contact, which the lookup has just captured.
	if (rows.length === 0) return own();
	const ids = [c.userId, c.aadObjectId].filter((id): id is string => !!id);
	// Each id's conversation, as `findByTeamsUserId` finds it: the row under the bot-scoped id before the Entra id's.
	const known = ids
		.map(
			(id) =>
				rows.find((r) => r.userId === id) ??
				rows.find((r) => r.aadObjectId === id),
		)
		.filter((x): x is TeamsConversation => x !== undefined);
	if (known.some((k) => k.conversationId !== c.conversationId))
		return { place: "elsewhere" };
	// Only this chat was seen, captured for someone else.
	if (known.length === 0) return { place: "elsewhere" };
	if (
		known.some(
			(k) =>
				k.serviceUrl !== c.serviceUrl ||
				(c.reference.locale !== undefined &&
					k.reference.locale !== c.reference.locale),
		)
	)
		await conversations.save(c);
	return own();
}
