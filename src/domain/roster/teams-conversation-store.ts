import type { CampaignId } from "../ids.js";
import type { Participant } from "../ports.js";

/**
 * How the bot reaches one person in Teams: the personal (1:1) conversation captured when the app is installed
 * for them or when they first write to it. Holds who and where, never anything they answered.
 */
export type TeamsConversation = {
	/** The bot-scoped Teams user id (`29:…`), the key Teams uses in activities. */
	userId: string;
	/** The person's Microsoft Entra object id, when Teams sends it. */
	aadObjectId: string | null;
	tenantId: string;
	/** The personal conversation's id. */
	conversationId: string;
	/** The Bot Connector base URL for this conversation (it can change; the latest one wins). */
	serviceUrl: string;
	/** The whole conversation reference as the SDK built it (JSON), for proactive messages. */
	reference: Record<string, unknown>;
};

/**
 * Storage of Teams personal conversations, one per Teams user. A roster row's `teams_user_id` may hold either
 * the bot-scoped id or the Entra object id; both find the conversation.
 * Deliberately excluded: timestamps (nothing records when someone wrote to the bot) and listing all rows.
 */
export type TeamsConversationStore = {
	/** Inserts or replaces the person's conversation; writes nothing when it is unchanged. */
	save(conversation: TeamsConversation): Promise<void>;
	/** The conversation of the person with this bot-scoped id or Entra object id, if captured. */
	findByTeamsUserId(teamsUserId: string): Promise<TeamsConversation | null>;
	/**
	 * In one round trip, what deciding where an activity comes from needs (see `placeOf`): every conversation
	 * captured for one of the person's ids (by bot-scoped id or Entra object id) and every one captured as this
	 * conversation, whoever it was captured for, as they were before the call. When there is none (a first contact),
	 * `conversation` is captured in the same statement (a concurrent first contact's row, if it got there first, is
	 * kept). With `participantIn`, the person's invitation to that campaign is read in the same round trip too (an
	 * answer needs it next); a store that does not read it there leaves `participant` out.
	 */
	lookUpOrCapture(
		conversation: TeamsConversation,
		participantIn?: CampaignId,
	): Promise<ConversationLookup>;
};

/** What `TeamsConversationStore.lookUpOrCapture` found. */
export type ConversationLookup = {
	/** The conversations captured for the person's ids or as their conversation, before the call. */
	seen: TeamsConversation[];
	/**
	 * The person's invitation to the campaign asked about, while they are active on the roster (null: none);
	 * absent when none was asked about or the store did not read it.
	 */
	participant?: Participant | null;
};
