import { createTeamsAuthentication } from "../../src/chat/teams/teams-authentication.js";
import { createTeamsConnectors } from "../../src/chat/teams/teams-connector.js";
import { createTeamsDeliveryChannel } from "../../src/chat/teams/teams-delivery-channel.js";
import { teamsOutreachActivity } from "../../src/chat/teams/teams-outreach-activity.js";
import {
	FakeBotConnector,
	personalConversationId,
} from "../../src/sim/fake-bot-connector.js";
import { InMemoryTeamsConversationStore } from "../fakes/in-memory-teams-conversation-store.js";
import {
	contractCampaign,
	describeDeliveryContract,
} from "./delivery-channel-contract.js";

const appId = "00000000-0000-4000-8000-00000000c0a1";
const tenantId = "00000000-0000-4000-8000-00000000c0a2";
const token = "contract-outbound";

/** The real Teams sender (botbuilder's ConnectorClient, its retries removed) against the fake Bot Connector. */
describeDeliveryContract("Teams", async () => {
	const connector = await FakeBotConnector.start({ acceptToken: token });
	let limit: number | null = null;
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
	const channel = createTeamsDeliveryChannel({
		connector: createTeamsConnectors(auth, appId),
		conversations: new InMemoryTeamsConversationStore(),
		store: { findCampaign: async () => contractCampaign },
		render: teamsOutreachActivity,
		botId: `28:${appId}`,
		tenantId,
		serviceUrl: connector.serviceUrl,
		timeoutMs: 2000,
	});
	const sentTo = (conversationId: string) =>
		connector
			.delivered("send")
			.filter((c) => c.conversationId === conversationId)
			.map((c) => JSON.stringify(c.body));
	return {
		channel: {
			holdUntil: channel.holdUntil,
			deliver: (d) => {
				// The fake's faults are one call each; a rate limit lasts until lifted, as the harness says.
				if (limit !== null)
					connector.failNext({ status: 429, retryAfterSeconds: limit });
				return channel.deliver(d);
			},
		},
		person: (n) => ({
			slackUserId: null,
			teamsUserId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
		}),
		leadershipChannel: "19:leadership0contract@thread.tacv2",
		arrived: (to) =>
			sentTo(
				typeof to === "string"
					? to
					: personalConversationId(to.teamsUserId ?? ""),
			),
		calls: () => connector.calls.length,
		block: (to) => connector.block(to.teamsUserId ?? ""),
		rateLimit: (s) => {
			limit = s;
		},
		failAmbiguously: () => connector.failNext({ status: 504 }),
		close: () => connector.close(),
	};
});
