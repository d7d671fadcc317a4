import { verbs } from "../../src/chat/teams/cards/adaptive-card.js";
import type {
	TeamsActivityContext,
	TeamsTestUser,
} from "../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import {
	type CardReply,
	cardQuestions,
	TeamsUserSimulator,
} from "../../src/sim/teams-user-simulator.js";
import { testTeamsApp } from "../support/start-test-census.js";
import { startParticipantCensus } from "./participant-census.js";
import {
	type Actor,
	describeParticipantContract,
	type Shown,
	shownFrom,
	textsOf,
} from "./participant-contract.js";

const outsider: TeamsTestUser = {
	id: "29:contract-outsider",
	aadObjectId: "00000000-0000-4000-8000-0000000000ff",
	name: "Not on the roster",
};

/** The card an invoke answered with, as the person sees it. */
function shown(reply: CardReply): Shown {
	if (reply.status !== 200 || !reply.card)
		return { kind: "nothing", questions: [], content: JSON.stringify(reply) };
	return shownFrom(
		textsOf(reply.card.body),
		cardQuestions(reply.card).map((q) => q.inputId),
	);
}

/**
 * Teams as production runs it: the whole app against the fake Bot Connector, each click a signed
 * `adaptiveCard/action` invoke from the person's own chat, answered with the card that replaces the clicked one.
 * The roster holds people's Entra object ids; the invoke carries both ids, as Teams sends them.
 */
describeParticipantContract("Teams", async () => {
	const c = await startParticipantCensus("pcteams", "teams");
	const connector = c.t.connector;
	if (!connector) throw new Error("the census runs without Teams");
	const sender = new TeamsActivitySender({
		messagesUrl: `${c.t.runtime.url}/api/messages`,
		appId: testTeamsApp.appId,
		signer: connector.signer,
	});
	const ctx: TeamsActivityContext = {
		serviceUrl: connector.serviceUrl,
		tenantId: testTeamsApp.tenantId,
		appId: testTeamsApp.appId,
	};
	const sim = (who: Actor) => {
		const user =
			who === "outsider"
				? outsider
				: {
						id: `29:contract-${who}`,
						aadObjectId: c.person(who).teamsUserId,
						name: `Person ${who}`,
					};
		return new TeamsUserSimulator({ sender, ctx, user });
	};
	return {
		...c,
		open: async (who, campaignId = c.campaignId) =>
			shown(await sim(who).openInvitation(campaignId)),
		optOut: async (who, campaignId = c.campaignId) =>
			shown(await sim(who).optOut(campaignId)),
		submit: async (who, inputs, campaignId = c.campaignId) =>
			shown(await sim(who).execute(verbs.submit, { campaignId, ...inputs })),
		close: () => c.t.stop(),
	};
});
