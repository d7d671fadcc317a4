/** What a Bot Connector call did. */
export type ConnectorCallKind =
	| "create-conversation"
	| "send"
	| "reply"
	| "update"
	| "delete";

/** One request the fake Bot Connector received, with the status it answered. */
export type ConnectorCall = {
	kind: ConnectorCallKind;
	conversationId: string | null;
	/** The activity replied to, updated or deleted. */
	activityId: string | null;
	body: Record<string, unknown>;
	/** The `Authorization` header as sent, or null. */
	authorization: string | null;
	status: number;
	/** The activity id the fake handed out (sends, replies, updates). */
	resultId: string | null;
	/** When it arrived (ms since the epoch). */
	at: number;
};

/** A failure the fake can answer with instead of doing the call. */
export type ConnectorFault =
	| { status: 429; retryAfterSeconds?: number }
	| { status: 412 | 502 | 503 | 504 }
	| {
			status: 403;
			subCode: "MessageWritesBlocked" | "BotNotInConversationRoster";
	  };
