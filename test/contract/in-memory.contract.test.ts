import { InMemoryPlatform } from "../fakes/in-memory-delivery-channel.js";
import {
	contractCampaign,
	describeDeliveryContract,
} from "./delivery-channel-contract.js";

describeDeliveryContract("in-memory platform", async () => {
	const platform = new InMemoryPlatform(contractCampaign);
	const ambiguousFor = new Set<string>();
	return {
		channel: {
			holdUntil: platform.channel.holdUntil,
			deliver: async (d) => {
				if (d.slackUserId && ambiguousFor.delete(d.slackUserId))
					platform.failNextAmbiguously();
				return platform.channel.deliver(d);
			},
		},
		person: (n) => ({ slackUserId: `mem-${n}`, teamsUserId: null }),
		leadershipChannel: "leadership",
		arrived: (to) =>
			(
				platform.messages.get(
					typeof to === "string" ? to : (to.slackUserId ?? ""),
				) ?? []
			).map((m) => JSON.stringify(m)),
		calls: () => platform.calls,
		block: (to) => void platform.blocked.add(to.slackUserId ?? ""),
		rateLimit: (s) => platform.rateLimit(s),
		failAmbiguously: (to) => void ambiguousFor.add(to.slackUserId ?? ""),
		close: async () => undefined,
	};
});
