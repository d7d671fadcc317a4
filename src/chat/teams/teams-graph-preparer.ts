import type { DeliveryRecipient } from "../../domain/deliveries/outbox-store.js";
import type { ReachRecorder } from "../../domain/roster/reach-recorder.js";
import type { TeamsConversationStore } from "../../domain/roster/teams-conversation-store.js";
import type { Logger } from "../../logger.js";
import type { TeamsAppInstaller } from "./graph/graph-installer.js";

/** An Entra object id (a GUID); a bot-scoped `29:…` id cannot be installed for through Graph. */
const entraObjectId =
	/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Teams queue's preparation step (see `DeliveryChannel.prepare`): a person known by Entra object id with no
 * personal conversation captured gets the app installed through Graph, and the personal chat Graph names is
 * kept as their conversation, so the send that follows goes there. Repeatable: a second install answers 409 and
 * finds the same chat, and the chat is stored before the claim, so a crash at any point installs nobody twice,
 * and the delivery stays queued. A person Graph cannot install for (policy, no such user) is unreachable: their
 * reason is recorded on the roster and the delivery becomes `undeliverable`.
 */
export function prepareThroughGraph(deps: {
	installer: TeamsAppInstaller;
	conversations: TeamsConversationStore;
	reach: ReachRecorder;
	logger: Logger;
	botId: string;
	tenantId: string;
	serviceUrl: string;
}): (d: DeliveryRecipient) => Promise<string | null> {
	return async (d) => {
		if (
			d.kind === "post" ||
			!d.teamsUserId ||
			!entraObjectId.test(d.teamsUserId)
		)
			return null;
		if (await deps.conversations.findByTeamsUserId(d.teamsUserId)) return null;
		const outcome = await deps.installer.personalChat(d.teamsUserId);
		if (outcome.kind === "unreachable") {
			deps.logger.warn(
				{ platform: "teams", deliveryId: d.id, reason: outcome.reason },
				"Teams app could not be installed: undeliverable",
			);
			await deps.reach.markTeamsUnreachable(d.teamsUserId, outcome.reason);
			return outcome.reason;
		}
		await deps.conversations.save({
			// Keyed by the Entra object id until Teams tells the bot the person's bot-scoped id (the install's
			// conversationUpdate), which then replaces this row.
			userId: d.teamsUserId,
			aadObjectId: d.teamsUserId,
			tenantId: deps.tenantId,
			conversationId: outcome.chatId,
			serviceUrl: deps.serviceUrl,
			reference: {
				channelId: "msteams",
				serviceUrl: deps.serviceUrl,
				bot: { id: deps.botId },
				user: { aadObjectId: d.teamsUserId },
				conversation: {
					id: outcome.chatId,
					conversationType: "personal",
					tenantId: deps.tenantId,
				},
			},
		});
		await deps.reach.markTeamsReachable(d.teamsUserId);
		return null;
	};
}
