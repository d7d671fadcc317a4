import type { Activity } from "botbuilder";
import type { ConnectorClient } from "botframework-connector";

/** Where a conversation is: its Bot Connector base URL and its id (a channel message's thread included). */
export type TeamsConversationAddress = {
	serviceUrl: string;
	conversationId: string;
};

/** Sends one message into a conversation outside any turn, as a new message of that conversation. */
export type TeamsProactive = (
	to: TeamsConversationAddress,
	activity: string | Partial<Activity>,
) => Promise<unknown>;

/**
 * Proactive messages through the retry-free ConnectorClients (`createTeamsConnectors`): the Bot Connector's
 * `sendToConversation`, which needs no turn. A send that fails throws: the caller decides who hears of it.
 */
export function teamsProactive(
	connector: (serviceUrl: string) => Promise<ConnectorClient>,
	timeoutMs = 15_000,
): TeamsProactive {
	return async (to, activity) => {
		const client = await connector(to.serviceUrl);
		const message =
			typeof activity === "string"
				? { type: "message", text: activity }
				: { type: "message", ...activity };
		return client.conversations.sendToConversation(
			to.conversationId,
			message as Parameters<
				ConnectorClient["conversations"]["sendToConversation"]
			>[1],
			{ timeout: timeoutMs },
		);
	};
}
