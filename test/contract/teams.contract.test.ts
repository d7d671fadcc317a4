import { createTeamsAuthentication } from "../../src/chat/teams/teams-authentication.js";
import { createTeamsConnectors } from "../../src/chat/teams/teams-connector.js";
import { createTeamsDeliveryChannel } from "../../src/chat/teams/teams-delivery-channel.js";
import { teamsOutreachActivity } from "../../src/chat/teams/teams-outreach-activity.js";
import {
	FakeBotConnector,
	personalConversationId,
} from "../../src/sim/fake-bot-connector.js";
import { TeamsChannelSigner } from "../../src/sim/teams-channel-signer.js";
import { InMemoryTeamsConversationStore } from "../fakes/in-memory-teams-conversation-store.js";
import {
	claimedFor,
	contractCampaign,
	type DeliveryHarness,
	describeDeliveryContract,
	recordedMessage,
	type Who,
} from "./delivery-channel-contract.js";

const appId = "00000000-0000-4000-8000-00000000a001";
const tenantId = "00000000-0000-4000-8000-0000000070e1";
const token = "outbound-contract-token";
// Generating its RSA keys is most of a fake connector's start-up; the sender never checks them.
const signer = new TeamsChannelSigner();

/**
 * The Teams sender as production builds it: the real botbuilder ConnectorClient (retry-free) against the local
 * fake Bot Connector, rendering with `teamsOutreachActivity`. `captured`: the people's personal conversations
 * were captured (they have talked to the bot); otherwise the sender creates each 1:1 conversation first.
 */
async function teamsHarness(captured: boolean): Promise<DeliveryHarness> {
	const connector = await FakeBotConnector.start({
		acceptToken: token,
		signer,
	});
	const auth = createTeamsAuthentication(
		{
			mode: "authenticated",
			appId,
			appPassword: "unused",
			tenantId,
			openIdMetadataUrl: connector.openIdMetadataUrl,
			serviceUrl: connector.serviceUrl,
			messagesPerSecond: 50,
		},
		async () => token,
	);
	const ids = {
		reachable: { slackUserId: null, teamsUserId: "29:contract-ada" },
		deactivated: { slackUserId: null, teamsUserId: "29:contract-bob" },
		"no-id": { slackUserId: "U0CONTCY3", teamsUserId: null },
	};
	const leadership = "19:contract-leadership@thread.tacv2";
	const conversations = new InMemoryTeamsConversationStore();
	if (captured)
		for (const { teamsUserId } of [ids.reachable, ids.deactivated])
			await conversations.save({
				userId: teamsUserId,
				aadObjectId: null,
				tenantId,
				// Teams gives a person's 1:1 conversation the same id each time.
				conversationId: personalConversationId(teamsUserId),
				serviceUrl: connector.serviceUrl,
				reference: {},
			});
	const channel = createTeamsDeliveryChannel({
		connector: createTeamsConnectors(auth, appId),
		conversations,
		store: {
			findCampaign: async (id) =>
				id === contractCampaign.id ? contractCampaign : null,
		},
		render: teamsOutreachActivity,
		botId: `28:${appId}`,
		tenantId,
		serviceUrl: connector.serviceUrl,
		timeoutMs: 2000,
	});
	const conversationOf = (who: Who) =>
		who === "leadership"
			? leadership
			: personalConversationId(ids[who].teamsUserId ?? "");
	return {
		channel,
		claimed: claimedFor(ids, leadership),
		resultsCommand: "census results",
		messagesTo: (who) =>
			who === "no-id"
				? []
				: connector
						.delivered("send")
						.filter((c) => c.conversationId === conversationOf(who))
						.map((c) =>
							recordedMessage(
								{
									text: c.body.text,
									summary: c.body.summary,
									attachments: c.body.attachments,
								},
								{ text: ["text", "summary"], actions: ["verb"] },
							),
						),
		platformCalls: () => connector.calls.length,
		sendAttempts: () => connector.calls.filter((c) => c.kind === "send").length,
		block: (who) => connector.block(ids[who].teamsUserId ?? ""),
		injectRateLimit: (retryAfterSeconds) =>
			connector.failNext(
				{ status: 429, retryAfterSeconds },
				{ kinds: ["send"] },
			),
		// A 502 from the gateway: the message may have gone (PlatformOverloaded).
		injectAmbiguousFailure: () =>
			connector.failNext({ status: 502 }, { kinds: ["send"] }),
		close: () => connector.close(),
	};
}

describeDeliveryContract("Teams, conversation created on first send", () =>
	teamsHarness(false),
);
describeDeliveryContract("Teams, conversation captured", () =>
	teamsHarness(true),
);
