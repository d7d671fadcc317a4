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
	 * In one read, every conversation captured for one of these ids (by bot-scoped id or Entra object id) and every
	 * one captured as this conversation, whoever it was captured for: what deciding where an activity comes from
	 * needs (see `placeOf`).
	 */
	findByTeamsUserIdsOrConversation(
		teamsUserIds: readonly string[],
		conversationId: string,
	): Promise<TeamsConversation[]>;
};
