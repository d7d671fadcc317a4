import { text } from "../../src/chat/messages.js";
import { waitFor } from "../../src/sim/wait-for.js";
import { startParticipantCensus } from "./participant-census.js";
import {
	type Actor,
	describeParticipantContract,
	type Shown,
	shownFrom,
	textsOf,
} from "./participant-contract.js";

const outsider = "U0OUTSIDER1";

/** What a modal shows: its texts, and its question inputs (block ids of the input blocks). */
function shownInModal(view: { blocks?: unknown }): Shown {
	const blocks = (view.blocks ?? []) as { type?: string; block_id?: string }[];
	return shownFrom(
		textsOf(blocks),
		blocks.filter((b) => b.type === "input").map((b) => b.block_id ?? ""),
	);
}

/**
 * Slack as production runs it: the whole app (Bolt, the job queue, PostgreSQL, Redis) against the fake Slack
 * Web API, with each click and modal send a signed request from the user simulator. People click the buttons
 * of the invitation the bot sent them; someone not on the roster clicks a button naming the campaign.
 */
describeParticipantContract("Slack", async () => {
	const c = await startParticipantCensus("pcslack", "slack");
	const { t } = c;
	await waitFor(
		() =>
			c.people.every((p) => t.fake.messagesTo(p.slackUserId).length > 0)
				? true
				: undefined,
		30_000,
		"the invitations",
	);
	const userOf = (who: Actor) =>
		who === "outsider" ? outsider : c.person(who).slackUserId;
	/** The button's message: the person's invitation, or (for a given campaign or an outsider) none stored. */
	const click = async (who: Actor, actionId: string, campaignId?: string) => {
		const userId = userOf(who);
		const invitation = t.fake.messagesTo(userId)[0];
		const named = who === "outsider" || campaignId !== undefined;
		return t.sim.clickButton({
			userId,
			actionId,
			channel: invitation?.channel ?? userId,
			messageTs: named ? "1700000000.000001" : (invitation?.ts ?? ""),
			...(named ? { value: campaignId ?? c.campaignId } : {}),
		});
	};
	return {
		...c,
		async open(who, campaignId) {
			const userId = userOf(who);
			const before = t.fake.openedViews(userId).length;
			await click(who, "census_answer", campaignId);
			const view = await waitFor(
				() => t.fake.openedViews(userId)[before],
				10_000,
				"a modal",
			);
			return shownInModal(view as { blocks?: unknown });
		},
		async optOut(who, campaignId) {
			const userId = userOf(who);
			const invitation = () => t.fake.messagesTo(userId)[0];
			const optedOut = () => invitation()?.text === text.optedOut;
			if (optedOut()) throw new Error("the case opts out someone twice");
			const { responseUrl } = await click(who, "census_optout", campaignId);
			// Opted out: the invitation is replaced; anything else: a reply only the person sees.
			return waitFor(
				() => {
					const reply = t.fake.responses.find((r) => r.url === responseUrl);
					if (reply) return shownFrom(textsOf(reply.body), []);
					return optedOut() ? shownFrom(textsOf(invitation()), []) : undefined;
				},
				10_000,
				"the opt-out's reply",
			);
		},
		async submit(who, inputs, campaignId = c.campaignId) {
			const values = Object.fromEntries(
				Object.entries(inputs).map(([block, value]) => [
					block,
					{
						choice: {
							type: "radio_buttons" as const,
							selected_option: {
								value,
								text: { type: "plain_text" as const, text: value },
							},
						},
					},
				]),
			);
			const res = await t.sim.submitView({
				userId: userOf(who),
				view: {
					id: `VCONTRACT${Date.now()}`,
					callback_id: "census_answer_modal",
					private_metadata: campaignId,
				},
				values,
			});
			const reply = res.json as {
				response_action?: string;
				errors?: Record<string, string>;
				view?: { blocks?: unknown };
			};
			// Errors keep the modal open, its questions still there, with the problem.
			if (reply.response_action === "errors")
				return shownFrom(Object.values(reply.errors ?? {}), ["q_key", "q_fsm"]);
			return shownInModal(reply.view ?? {});
		},
		close: () => t.stop(),
	};
});
