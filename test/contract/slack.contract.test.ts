import { DndCache } from "../../src/chat/slack/dnd-cache.js";
import { createSlackDeliveryChannel } from "../../src/chat/slack/slack-delivery-channel.js";
import { createSlackDndLookup } from "../../src/chat/slack/slack-dnd-lookup.js";
import { SlackWebApiPoster } from "../../src/chat/slack/slack-web-api-poster.js";
import type { CensusStore } from "../../src/domain/ports.js";
import { createLogger } from "../../src/logger.js";
import { FakeSlackApi } from "../../src/sim/fake-slack-api.js";
import {
	claimedFor,
	contractCampaign,
	describeDeliveryContract,
	recordedMessage,
	type Who,
} from "./delivery-channel-contract.js";

const botToken = "xoxb-contract";

/**
 * The Slack sender as production builds it (`start-census.ts`): `SlackWebApiPoster` and a `DndCache` over
 * `dnd.teamInfo`, against the local fake Slack Web API.
 */
describeDeliveryContract("Slack", async () => {
	const api = await FakeSlackApi.start({ botToken });
	const poster = new SlackWebApiPoster(botToken, api.apiUrl, 2000);
	const ids = {
		reachable: { slackUserId: "U0CONTADA1", teamsUserId: null },
		deactivated: { slackUserId: "U0CONTBOB2", teamsUserId: null },
		"no-id": { slackUserId: null, teamsUserId: "29:contract-cy" },
	};
	const leadership = "C0CONTLEAD";
	// The fake's faults last until lifted; the contract's are for the next send only, so they are lifted
	// once one post has been answered (or not). The poster and the fake do the work unchanged.
	let liftAfterNextPost: (() => void) | null = null;
	const post = async (method: string, json: string) => {
		const lift = liftAfterNextPost;
		liftAfterNextPost = null;
		try {
			return await poster.post(method, json);
		} finally {
			lift?.();
		}
	};
	const channel = createSlackDeliveryChannel({
		post,
		// The Slack sender only asks the store for the campaign.
		store: {
			findCampaign: async (id: string) =>
				id === contractCampaign.id ? contractCampaign : null,
		} as Pick<CensusStore, "findCampaign"> as CensusStore,
		dnd: new DndCache(
			createSlackDndLookup((method, fields) =>
				poster.postForm(method, fields, 2000),
			),
			createLogger("silent"),
		),
	});
	const address = (who: Who) =>
		who === "leadership" ? leadership : (ids[who].slackUserId ?? "");
	const posts = () => api.callsTo("chat.postMessage");
	return {
		channel,
		claimed: claimedFor(ids, leadership),
		resultsCommand: "/census results",
		messagesTo: (who) =>
			who === "no-id"
				? []
				: api
						.messagesTo(address(who))
						.map((m) =>
							recordedMessage(
								{ text: m.text, blocks: m.blocks },
								{ text: ["text"], actions: ["action_id"] },
							),
						),
		platformCalls: () => api.calls.length,
		sendAttempts: () => posts().length,
		block: (who) => api.refuseDmsTo(address(who), "user_disabled"),
		injectRateLimit: (seconds) => {
			api.rateLimitMethod("chat.postMessage", seconds);
			liftAfterNextPost = () => api.rateLimitMethod("chat.postMessage", null);
		},
		injectAmbiguousFailure: () => {
			const user = ids.reachable.slackUserId;
			api.dropAnswersForDmsTo(user);
			liftAfterNextPost = () => api.dropAnswersForDmsTo(user, true);
		},
		close: async () => {
			poster.close();
			await api.close();
		},
	};
});
