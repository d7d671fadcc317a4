import { InMemoryDeliveryChannel } from "../fakes/in-memory-delivery-channel.js";
import {
	claimedFor,
	contractCampaign,
	describeDeliveryContract,
	type Who,
} from "./delivery-channel-contract.js";

/** The in-memory platform, as Slack-like ids address it: the reference the real platforms are held to. */
describeDeliveryContract("in memory", async () => {
	const ids = {
		reachable: { slackUserId: "U0MEMADA1", teamsUserId: null },
		deactivated: { slackUserId: "U0MEMBOB2", teamsUserId: null },
		"no-id": { slackUserId: null, teamsUserId: "29:mem-cy" },
	};
	const leadership = "C0MEMLEAD";
	const channel = new InMemoryDeliveryChannel({
		platform: "slack",
		store: {
			findCampaign: async (id) =>
				id === contractCampaign.id ? contractCampaign : null,
		},
	});
	const address = (who: Who) =>
		who === "leadership" ? leadership : (ids[who].slackUserId ?? "");
	return {
		channel,
		claimed: claimedFor(ids, leadership),
		resultsCommand: "/census results",
		messagesTo: (who) =>
			channel.messagesTo(address(who)).map((m) => ({
				text: m.text,
				actions: m.actions,
				content: JSON.stringify({ text: m.text, actions: m.actions }),
			})),
		platformCalls: () => channel.attempts.length,
		sendAttempts: () => channel.attempts.length,
		block: (who) => channel.block(address(who)),
		injectRateLimit: (s) => channel.rateLimitNext(s * 1000),
		injectAmbiguousFailure: () => channel.failNextAmbiguously(),
		close: async () => {},
	};
});
