import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyntheticEmployee } from "../../../src/demo/synthetic-organisation.js";
import { signSlackRequest } from "../../../src/sim/slack-request-signer.js";
import { type FuzzApp, startFuzzApp } from "../../fuzz/fuzz-app.js";

/** A copy of `body` with `value` put at the dotted `path`, or null when the body has no such field (digits index arrays). */
function withField(
	body: Record<string, unknown>,
	path: string,
	value: unknown,
): Record<string, unknown> | null {
	const copy = structuredClone(body);
	const keys = path.split(".");
	let at = copy as Record<string, unknown>;
	for (const key of keys) {
		if (!at || typeof at !== "object" || !(key in at)) return null;
		if (key === keys[keys.length - 1]) break;
		at = at[key] as Record<string, unknown>;
	}
	at[keys[keys.length - 1] as string] = value;
	return copy;
}

/**
 * The fields of a Slack interaction or event the bot reads, each given a value of the wrong type, signed, through
 * the real app: the same class of fault F2 found on Teams (a non-string id reaching a lookup).
 */
describe("Slack payloads with fields of the wrong type", () => {
	let f: FuzzApp;
	let person: SyntheticEmployee;

	beforeAll(async () => {
		f = await startFuzzApp("slackmalformed", 12);
		person = f.people.find(
			(p) => p.platform === "slack" && p !== f.admin,
		) as SyntheticEmployee;
	}, 120_000);
	afterAll(async () => {
		await f?.stop();
	}, 120_000);

	async function send(
		kind: "form" | "json",
		body: Record<string, unknown>,
	): Promise<number> {
		const raw =
			kind === "json"
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

	function templates(): [string, "form" | "json", Record<string, unknown>][] {
		const { fake } = f.t;
		const channel = fake.dmChannelFor(person.slackUserId);
		const base = {
			api_app_id: fake.ids.appId,
			token: "fake-verification-token",
			team: { id: fake.ids.teamId, domain: "fake-workspace" },
			user: {
				id: person.slackUserId,
				username: "u",
				name: "u",
				team_id: fake.ids.teamId,
			},
			is_enterprise_install: false,
		};
		const action = (actionId: string): Record<string, unknown> => ({
			...base,
			type: "block_actions",
			trigger_id: fake.issueTriggerId(person.slackUserId),
			container: {
				type: "message",
				message_ts: "1.000001",
				channel_id: channel,
			},
			channel: { id: channel, name: "directmessage" },
			response_url: fake.newResponseUrl(),
			actions: [
				{
					type: "button",
					action_id: actionId,
					block_id: "b1",
					value: f.campaignId,
					action_ts: "1.000002",
				},
			],
		});
		const choice = (value: string) => ({
			choice: { type: "radio_buttons", selected_option: { value } },
		});
		const event = (e: Record<string, unknown>): Record<string, unknown> => ({
			token: "fake-verification-token",
			team_id: fake.ids.teamId,
			api_app_id: fake.ids.appId,
			event: { event_ts: "1.000003", ...e },
			type: "event_callback",
			event_id: "Ev0MALFORMED",
			event_time: 1,
			authorizations: [
				{ team_id: fake.ids.teamId, user_id: fake.ids.botUserId, is_bot: true },
			],
		});
		return [
			["answer", "form", action("census_answer")],
			["optout", "form", action("census_optout")],
			["trust", "form", action("census_trust")],
			["publish", "form", action("census_publish")],
			[
				"submit",
				"form",
				{
					...base,
					type: "view_submission",
					trigger_id: fake.issueTriggerId(person.slackUserId),
					view: {
						id: "V0MALFORMED",
						type: "modal",
						callback_id: "census_answer_modal",
						private_metadata: f.campaignId,
						state: {
							values: {
								q_key: choice("occ_routine"),
								q_school: choice("sch_state_nonselective"),
								q_fsm: choice("fsm_no"),
								q_parents_degree: choice("pdeg_no"),
							},
						},
					},
				},
			],
			[
				"home",
				"json",
				event({
					type: "app_home_opened",
					user: person.slackUserId,
					channel,
					tab: "home",
				}),
			],
			[
				"dm",
				"json",
				event({
					type: "message",
					channel_type: "im",
					channel,
					user: person.slackUserId,
					text: "hi",
					ts: "1.1",
				}),
			],
		];
	}

	const wrong: [string, unknown][] = [
		["object", {}],
		["array", ["x"]],
		["number", 7],
		["boolean", true],
	];
	const fields = [
		"user.id",
		"trigger_id",
		"response_url",
		"container.channel_id",
		"container.message_ts",
		"channel.id",
		"actions.0.value",
		"actions.0.action_id",
		"view.private_metadata",
		"view.callback_id",
		"view.state.values.q_key.choice.selected_option.value",
		"event.user",
		"event.channel",
		"event.text",
		"event.tab",
		"event.channel_type",
		// Not `type`: Bolt routes a payload with `actions` as an action whatever its type says.
	];

	it("acknowledges a signed payload of no kind Slack sends (no type, no actions, no event) with a 200, not Bolt's 404 after holding it 3 s", async () => {
		const before = await f.counts();
		const base = {
			api_app_id: f.t.fake.ids.appId,
			team: { id: f.t.fake.ids.teamId },
			user: { id: person.slackUserId },
		};
		const statuses = [
			await send("form", base),
			await send("form", { ...base, type: "nonsense" }),
			await send("json", { team_id: f.t.fake.ids.teamId }),
		];
		expect(statuses).toEqual([200, 200, 200]);
		expect(await f.counts()).toEqual(before);
	});

	it("answers every payload with a wrong-typed field without a server error or a failed handler, and records nothing", async () => {
		const before = await f.counts();
		const problems: string[] = [];
		const count = templates().length;
		let sent = 0;
		for (let i = 0; i < count; i++)
			for (const field of fields)
				for (const [type, value] of wrong) {
					// A fresh payload each time: a trigger id or response URL is good for one use.
					const [name, kind, body] = templates()[i] as ReturnType<
						typeof templates
					>[number];
					const mutated = withField(body, field, value);
					if (!mutated) continue;
					sent++;
					const status = await send(kind, mutated);
					if (status >= 500)
						problems.push(`${name} ${field}=${type}: ${status}`);
				}
		expect(sent).toBeGreaterThan(100);
		// A listener given a non-string id fails part-way, after the acknowledgement or (the answer modal, which
		// acknowledges with its result) before it, leaving Slack to wait 3 s: either way an error line.
		await new Promise((r) => setTimeout(r, 1_000));
		const failed = f.t.logs
			.filter((l) => /"level":50/.test(l))
			.map((l) => l.slice(0, 300));
		expect(problems).toEqual([]);
		expect(failed).toEqual([]);
		expect(await f.counts()).toEqual(before);
		expect(f.faults).toEqual([]);
	}, 300_000);
});
