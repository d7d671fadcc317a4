import { randomBytes } from "node:crypto";
import { signSlackRequest } from "../../src/sim/slack-request-signer.js";
import {
	cardAction,
	personalInstall,
	type TeamsActivityJson,
	type TeamsTestUser,
} from "../../src/sim/teams-activities.js";
import type { FuzzApp } from "./fuzz-app.js";

/** What a person can do: the invitation's buttons, the answer form, and the bot's home. */
export type InteractionKind = "answer" | "submit" | "opt-out" | "home";

export const interactionKinds: readonly InteractionKind[] = [
	"answer",
	"submit",
	"opt-out",
	"home",
];

/** Who a Slack request claims to come from: a user id and the workspace the payload names. */
export type SlackIdentity = { userId: string; teamId: string };

/** Who a Teams activity claims to come from; each tenant field may be left out (`null`). */
export type TeamsIdentity = {
	user: TeamsTestUser;
	channelDataTenant: string | null;
	conversationTenant: string | null;
};

/** A whole answer form, filled in with valid options. */
const formAnswers = {
	q_key: "occ_routine",
	q_school: "sch_state_nonselective",
	q_fsm: "fsm_no",
	q_parents_degree: "pdeg_no",
};

/** The signed body of one Slack interaction, as Slack would send it from `who`'s workspace. */
export function slackRequest(
	f: FuzzApp,
	kind: InteractionKind,
	who: SlackIdentity,
): { body: string; headers: Record<string, string> } {
	const { fake } = f.t;
	const user = {
		id: who.userId,
		username: "u",
		name: "u",
		team_id: who.teamId,
	};
	const base = {
		api_app_id: fake.ids.appId,
		token: "fake-verification-token",
		team: { id: who.teamId, domain: "somewhere" },
		user,
		enterprise: null,
		is_enterprise_install: false,
	};
	const channel = fake.dmChannelFor(who.userId);
	let body: string;
	if (kind === "home") {
		body = JSON.stringify({
			token: "fake-verification-token",
			team_id: who.teamId,
			api_app_id: fake.ids.appId,
			event: {
				type: "app_home_opened",
				user: who.userId,
				channel,
				tab: "home",
				event_ts: "1.000003",
			},
			type: "event_callback",
			event_id: `Ev${randomBytes(5).toString("hex")}`,
			event_time: Math.floor(Date.now() / 1000),
			authorizations: [
				{ team_id: who.teamId, user_id: fake.ids.botUserId, is_bot: true },
			],
		});
	} else if (kind === "submit") {
		const values = Object.fromEntries(
			Object.entries(formAnswers).map(([q, value]) => [
				q,
				{
					choice: {
						type: "radio_buttons",
						selected_option: {
							value,
							text: { type: "plain_text", text: "x" },
						},
					},
				},
			]),
		);
		body = new URLSearchParams({
			payload: JSON.stringify({
				...base,
				type: "view_submission",
				trigger_id: fake.issueTriggerId(who.userId),
				view: {
					id: `V${randomBytes(4).toString("hex")}`,
					team_id: who.teamId,
					type: "modal",
					callback_id: "census_answer_modal",
					private_metadata: f.campaignId,
					state: { values },
				},
				response_urls: [],
			}),
		}).toString();
	} else {
		body = new URLSearchParams({
			payload: JSON.stringify({
				...base,
				type: "block_actions",
				trigger_id: fake.issueTriggerId(who.userId),
				container: {
					type: "message",
					message_ts: "1.000001",
					channel_id: channel,
				},
				channel: { id: channel, name: "directmessage" },
				response_url: fake.newResponseUrl(),
				state: { values: {} },
				actions: [
					{
						type: "button",
						action_id: kind === "answer" ? "census_answer" : "census_optout",
						block_id: "b1",
						text: { type: "plain_text", text: "x" },
						value: f.campaignId,
						action_ts: "1.000002",
					},
				],
			}),
		}).toString();
	}
	return { body, headers: signSlackRequest(f.t.signingSecret, body) };
}

/** Posts a signed Slack request; the status and the body of the answer. */
export async function sendSlack(
	f: FuzzApp,
	req: { body: string; headers: Record<string, string> },
): Promise<{ status: number; body: string }> {
	const res = await fetch(f.t.sim.eventsUrl, {
		method: "POST",
		headers: req.headers,
		body: req.body,
	});
	return { status: res.status, body: await res.text() };
}

/** One Teams activity as the Bot Connector would post it for `who`. */
export function teamsActivity(
	f: FuzzApp,
	kind: InteractionKind,
	who: TeamsIdentity,
): TeamsActivityJson {
	const activity =
		kind === "home"
			? // Teams has no home tab: a person's first contact is the install.
				personalInstall(f.ctx, who.user)
			: cardAction(f.ctx, who.user, {
					verb:
						kind === "answer"
							? "census_answer"
							: kind === "submit"
								? "census_submit"
								: "census_optout",
					data: {
						campaignId: f.campaignId,
						...(kind === "submit" ? formAnswers : {}),
					},
				});
	const conversation = activity.conversation as Record<string, unknown>;
	const channelData = activity.channelData as Record<string, unknown>;
	const { tenantId: _, ...conversationRest } = conversation;
	const { tenant: __, ...channelDataRest } = channelData;
	return {
		...activity,
		conversation: {
			...conversationRest,
			...(who.conversationTenant !== null
				? { tenantId: who.conversationTenant }
				: {}),
		},
		channelData: {
			...channelDataRest,
			...(who.channelDataTenant !== null
				? { tenant: { id: who.channelDataTenant } }
				: {}),
		},
	};
}
