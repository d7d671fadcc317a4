import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeSlackApi } from "../../src/sim/fake-slack-api.js";
import { SlackUserSimulator } from "../../src/sim/slack-user-simulator.js";
import { validateSlackCall } from "../support/slack-method-check.js";

const signingSecret = "sim-signing-secret";
const token = "xoxb-sim";
let fake: FakeSlackApi;
let app: App;
let sim: SlackUserSimulator;
const seen: Record<string, unknown> = {};

beforeAll(async () => {
	fake = await FakeSlackApi.start({ botToken: token });
	app = new App({
		token,
		signingSecret,
		logLevel: LogLevel.ERROR,
		clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
	});
	app.command("/census", async ({ ack, body, client, respond }) => {
		seen.command = body;
		await ack();
		await client.views.open({
			trigger_id: body.trigger_id,
			view: {
				type: "modal",
				callback_id: "answer",
				private_metadata: "campaign-1",
				title: { type: "plain_text", text: "Census" },
				blocks: [],
			},
		});
		await respond({ text: "opened" });
	});
	app.action("vote", async ({ ack, body, action }) => {
		seen.action = action;
		seen.actionBody = body;
		await ack();
	});
	app.view("answer", async ({ ack, view }) => {
		seen.view = view;
		await ack();
	});
	app.event("app_home_opened", async ({ event, client }) => {
		await client.views.publish({
			user_id: event.user,
			view: { type: "home", blocks: [] },
		});
	});
	const server = (await app.start({ port: 0, host: "127.0.0.1" })) as Server;
	const { port } = server.address() as AddressInfo;
	sim = new SlackUserSimulator({
		appUrl: `http://127.0.0.1:${port}`,
		signingSecret,
		fake,
	});
});
afterAll(async () => {
	await app.stop();
	await fake.close();
});

describe("SlackUserSimulator against a real Bolt app", () => {
	it("runs a slash command that opens a modal and responds", async () => {
		const res = await sim.slashCommand("U100", "/census", "start");
		expect(res.status).toBe(200);
		expect(seen.command).toMatchObject({
			user_id: "U100",
			text: "start",
			team_id: "T0FAKE",
		});
		// Bolt acks first and runs the rest of the listener after the HTTP response.
		await fake.waitForCalls("views.open");
		await expect.poll(() => fake.responses.length).toBe(1);
		const [view] = fake.openedViews("U100");
		expect(view).toMatchObject({
			callback_id: "answer",
			private_metadata: "campaign-1",
		});
		expect(fake.responses).toEqual([
			{ url: res.responseUrl, body: { text: "opened" } },
		]);
	});

	it("submits the opened view with state values", async () => {
		const [view] = fake.openedViews("U100");
		if (!view) throw new Error("no view");
		const selected = {
			value: "b",
			text: { type: "plain_text" as const, text: "B" },
		};
		const res = await sim.submitView({
			userId: "U100",
			view,
			values: {
				q1: { pick: { type: "radio_buttons", selected_option: selected } },
			},
		});
		expect(res.status).toBe(200);
		expect(seen.view).toMatchObject({
			id: view.id,
			private_metadata: "campaign-1",
			state: { values: { q1: { pick: { selected_option: selected } } } },
		});
	});

	it("clicks a button on a posted message", async () => {
		const blocks = [
			{
				type: "actions",
				block_id: "b1",
				elements: [
					{
						type: "button",
						action_id: "vote",
						value: "yes",
						text: { type: "plain_text", text: "Yes" },
					},
				],
			},
		];
		const posted = await app.client.chat.postMessage({
			token,
			channel: "U100",
			text: "Vote?",
			blocks,
		});
		const res = await sim.clickButton({
			userId: "U100",
			actionId: "vote",
			channel: "U100",
			messageTs: posted.ts as string,
		});
		expect(res.status).toBe(200);
		expect(seen.action).toMatchObject({
			action_id: "vote",
			block_id: "b1",
			value: "yes",
		});
		expect(seen.actionBody).toMatchObject({
			channel: { id: posted.channel },
			message: { ts: posted.ts, text: "Vote?" },
		});
	});

	it("delivers app_home_opened events", async () => {
		const res = await sim.appHomeOpened("U200");
		expect(res.status).toBe(200);
		await expect.poll(() => fake.homeView("U200")?.type).toBe("home");
	});

	it("gets a 401 for a wrongly signed request", async () => {
		const res = await sim.slashCommand("U100", "/census", "start", {
			badSignature: true,
		});
		expect(res.status).toBe(401);
		const stale = await sim.appHomeOpened("U300", {
			timestampSec: Math.floor(Date.now() / 1000) - 600,
		});
		expect(stale.status).toBe(401);
	});

	it("only saw Web API calls that the spec knows", () => {
		for (const call of fake.calls)
			expect(validateSlackCall(call.method, call.params)).toEqual([]);
		expect(fake.calls.map((c) => c.method)).toContain("auth.test");
	});
});
