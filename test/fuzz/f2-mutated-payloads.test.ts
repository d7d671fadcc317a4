import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyntheticEmployee } from "../../src/demo/synthetic-organisation.js";
import { signSlackRequest } from "../../src/sim/slack-request-signer.js";
import {
	cardAction,
	channelMention,
	personalInstall,
	personalMessage,
} from "../../src/sim/teams-activities.js";
import {
	type FuzzApp,
	fuzzCheckOptions,
	fuzzPath,
	fuzzRuns,
	fuzzStopTimeoutMs,
	fuzzTimeoutMs,
	inParallel,
	progress,
	startFuzzApp,
	teamsUserOf,
} from "./fuzz-app.js";
import { mutate, mutations, pathsOf } from "./mutate-json.js";

type Template = {
	name: string;
	platform: "slack-form" | "slack-json" | "teams";
	body: Record<string, unknown>;
};

const batch = 20;

/** F2 (§7.5): mutated Slack interactions and events and Teams activities, correctly signed. */
describe("F2: mutated payloads", () => {
	let f: FuzzApp;
	let templates: Template[];

	function slackTemplates(
		p: SyntheticEmployee,
		campaignId: string,
	): Template[] {
		const { fake } = f.t;
		const user = {
			id: p.slackUserId,
			username: "u",
			name: "u",
			team_id: fake.ids.teamId,
		};
		const channel = fake.dmChannelFor(p.slackUserId);
		const base = {
			api_app_id: fake.ids.appId,
			token: "fake-verification-token",
			team: { id: fake.ids.teamId, domain: "fake-workspace" },
			user,
			enterprise: null,
			is_enterprise_install: false,
		};
		const action = (actionId: string) => ({
			name: `block_actions ${actionId}`,
			platform: "slack-form" as const,
			body: {
				...base,
				type: "block_actions",
				trigger_id: fake.issueTriggerId(p.slackUserId),
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
						action_id: actionId,
						block_id: "b1",
						text: { type: "plain_text", text: "x" },
						value: campaignId,
						action_ts: "1.000002",
					},
				],
			},
		});
		const choice = (value: string) => ({
			choice: {
				type: "radio_buttons",
				selected_option: { value, text: { type: "plain_text", text: "x" } },
			},
		});
		const event = (e: Record<string, unknown>) => ({
			name: `event_callback ${String(e.type)}`,
			platform: "slack-json" as const,
			body: {
				token: "fake-verification-token",
				team_id: fake.ids.teamId,
				api_app_id: fake.ids.appId,
				event: { event_ts: "1.000003", ...e },
				type: "event_callback",
				event_id: "Ev0FUZZ",
				event_time: 1,
				authorizations: [
					{
						team_id: fake.ids.teamId,
						user_id: fake.ids.botUserId,
						is_bot: true,
					},
				],
			},
		});
		return [
			action("census_answer"),
			action("census_optout"),
			action("census_trust"),
			action("census_publish"),
			action("census_unknown_action"),
			{
				name: "view_submission",
				platform: "slack-form",
				body: {
					...base,
					type: "view_submission",
					trigger_id: fake.issueTriggerId(p.slackUserId),
					view: {
						id: "V0STALE",
						type: "modal",
						callback_id: "census_answer_modal",
						private_metadata: campaignId,
						state: {
							values: {
								q_key: choice("occ_routine"),
								q_school: choice("school_state_nonselective"),
								q_fsm: choice("fsm_no"),
								q_parents_degree: choice("degree_no"),
							},
						},
					},
					response_urls: [],
				},
			},
			event({
				type: "app_home_opened",
				user: p.slackUserId,
				channel,
				tab: "home",
			}),
			event({
				type: "message",
				channel_type: "im",
				channel,
				user: p.slackUserId,
				text: "hi",
				ts: "1.1",
			}),
			event({
				type: "member_joined_channel",
				user: p.slackUserId,
				channel: "C0X",
			}),
		];
	}

	function teamsTemplates(
		p: SyntheticEmployee,
		campaignId: string,
	): Template[] {
		const user = teamsUserOf(p);
		const t = (name: string, body: Record<string, unknown>): Template => ({
			name,
			platform: "teams",
			body,
		});
		return [
			t(
				"invoke submit",
				cardAction(f.ctx, user, {
					verb: "census_submit",
					data: { campaignId, q_key: "occ_routine", q_fsm: "fsm_no" },
				}),
			),
			t(
				"invoke answer",
				cardAction(f.ctx, user, {
					verb: "census_answer",
					data: { campaignId },
				}),
			),
			t(
				"invoke optout",
				cardAction(f.ctx, user, {
					verb: "census_optout",
					data: { campaignId },
				}),
			),
			t(
				"invoke unknown verb",
				cardAction(f.ctx, user, {
					verb: "census_unknown",
					data: { campaignId },
				}),
			),
			t("message", personalMessage(f.ctx, user, "census status")),
			t(
				"channel mention",
				channelMention(
					f.ctx,
					user,
					{ teamId: "19:team", channelId: "19:chan@thread.tacv2" },
					"census status",
				),
			),
			t("install", personalInstall(f.ctx, user)),
		];
	}

	async function send(tpl: Template, body: unknown): Promise<number> {
		if (tpl.platform === "teams")
			return (await f.teams.post(body as Record<string, unknown>)).status;
		const raw =
			tpl.platform === "slack-json"
				? JSON.stringify(body)
				: new URLSearchParams({ payload: JSON.stringify(body) }).toString();
		const res = await fetch(f.t.sim.eventsUrl, {
			method: "POST",
			headers: signSlackRequest(f.t.signingSecret, raw),
			body: raw,
		});
		await res.arrayBuffer();
		return res.status;
	}

	beforeAll(async () => {
		f = await startFuzzApp("fuzzf2");
		const slackPerson = f.people.find(
			(p) => p.platform === "slack" && p !== f.admin,
		) as SyntheticEmployee;
		const teamsPerson = f.people.find(
			(p) => p.platform === "teams",
		) as SyntheticEmployee;
		templates = [
			...slackTemplates(slackPerson, f.campaignId),
			...slackTemplates(f.admin, f.campaignId),
			...teamsTemplates(teamsPerson, f.campaignId),
		];
	}, 120_000);
	afterAll(async () => {
		await f?.stop();
	}, fuzzStopTimeoutMs);

	it("acknowledges an unknown Slack action id at once, and answers an unknown Teams verb at once", async () => {
		for (const tpl of templates.filter((x) => /unknown/.test(x.name))) {
			const started = performance.now();
			const status = await send(tpl, tpl.body);
			// Slack: a 200 ack. Teams: the invoke's own error response (botbuilder's shape for a bad action), at once.
			if (tpl.platform === "teams") expect(status, tpl.name).toBe(400);
			else expect(status, tpl.name).toBe(200);
			expect(performance.now() - started, tpl.name).toBeLessThan(2_500);
		}
	});

	it(
		"never crashes nor answers 5xx, whatever the mutation",
		async () => {
			// A replay (CENSUS_FUZZ_PATH) runs one batch.
			const total = fuzzPath ? batch : fuzzRuns(2_000, 50_000);
			const statuses = new Map<number, number>();
			let sent = 0;
			const started = performance.now();
			const run = await fc.check(
				fc.asyncProperty(
					fc.array(fc.tuple(fc.nat(templates.length - 1), mutations), {
						minLength: batch,
						maxLength: batch,
					}),
					async (cases) => {
						f.forget();
						const results = await inParallel(
							cases,
							batch,
							async ([i, changes]) => {
								const tpl = templates[i] as Template;
								const paths = pathsOf(tpl.body);
								const name = `${tpl.name} with ${changes
									.map(
										([n, v]) =>
											`${paths[n % paths.length]?.join(".")}=${String(v).slice(0, 40)}`,
									)
									.join(", ")}`;
								return {
									tpl: { ...tpl, name },
									status: await send(tpl, mutate(tpl.body, changes)),
								};
							},
						);
						for (const { tpl, status } of results) {
							statuses.set(status, (statuses.get(status) ?? 0) + 1);
							expect(status, tpl.name).toBeLessThan(500);
						}
						expect(f.faults).toEqual([]);
						sent += results.length;
						progress("F2", sent, total, started);
					},
				),
				fuzzCheckOptions(total, batch),
			);
			// Reported by hand: fast-check's own report would print a 3,000-deep payload.
			if (run.failed)
				throw new Error(
					`F2 failed after ${run.numRuns} batches (seed ${run.seed}, path ${run.counterexamplePath}): ${String(run.errorInstance)}`,
				);
			console.info(
				`F2: ${total} mutated payloads in ${((performance.now() - started) / 1000).toFixed(1)} s (loaded machine); statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
			);
			expect(f.faults).toEqual([]);
		},
		fuzzTimeoutMs,
	);
});
