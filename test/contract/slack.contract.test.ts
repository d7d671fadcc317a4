import { createSlackDeliveryChannel } from "../../src/chat/slack/slack-delivery-channel.js";
import { SlackWebApiPoster } from "../../src/chat/slack/slack-web-api-poster.js";
import type { CensusStore } from "../../src/domain/ports.js";
import { FakeSlackApi } from "../../src/sim/fake-slack-api.js";
import {
	contractCampaign,
	describeDeliveryContract,
} from "./delivery-channel-contract.js";

/** The real Slack sender (keep-alive JSON poster, no retries) against the fake Slack Web API. */
describeDeliveryContract("Slack", async () => {
	const token = "xoxb-contract";
	const fake = await FakeSlackApi.start({ botToken: token });
	const poster = new SlackWebApiPoster(token, fake.apiUrl, 2000);
	const store = {
		findCampaign: async () => contractCampaign,
	} as unknown as CensusStore;
	const idOf = (n: number) => `U0CONTRACT${n}`;
	return {
		channel: createSlackDeliveryChannel({
			post: (method, json) => poster.post(method, json),
			store,
		}),
		person: (n) => ({ slackUserId: idOf(n), teamsUserId: null }),
		leadershipChannel: "C0LEADERS1",
		arrived: (to) =>
			fake
				.messagesTo(typeof to === "string" ? to : (to.slackUserId ?? ""))
				.map((m) => JSON.stringify(m)),
		calls: () => fake.callsTo("chat.postMessage").length,
		block: (to) => fake.refuseDmsTo(to.slackUserId ?? "", "user_disabled"),
		rateLimit: (s) => fake.rateLimitMethod("chat.postMessage", s),
		failAmbiguously: (to) => fake.dropAnswersForDmsTo(to.slackUserId ?? ""),
		close: async () => {
			poster.close();
			await fake.close();
		},
	};
});
