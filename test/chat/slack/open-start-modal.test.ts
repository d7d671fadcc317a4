import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartForm } from "../../../src/chat/admin/start-form.js";
import {
	openStartModal,
	startFormExpired,
} from "../../../src/chat/slack/open-start-modal.js";
import { FakeSlackApi } from "../../../src/sim/fake-slack-api.js";
import { english } from "../../../src/text/translator.js";

const token = "xoxb-fake-token";
const form: StartForm = {
	values: { name: "Census 2026" },
	errors: {},
	draft: null,
	channelOptional: false,
	t: english,
};

/** The start form's `views.open` through the real WebClient against the fake workspace's trigger rules. */
describe("openStartModal", () => {
	let fake: FakeSlackApi;
	let client: WebClient;

	beforeAll(async () => {
		fake = await FakeSlackApi.start({ botToken: token });
		client = new WebClient(token, {
			slackApiUrl: fake.apiUrl,
			retryConfig: { retries: 0 },
		});
	});
	afterAll(async () => {
		await fake.close();
	});

	it("opens the form with a fresh trigger", async () => {
		const said: string[] = [];
		await openStartModal(client, fake.issueTriggerId("U1"), form, async (t) =>
			said.push(t),
		);
		expect(fake.openedViews("U1")).toHaveLength(1);
		expect(said).toEqual([]);
	});

	it("tells the admin, rather than failing, when Slack says the trigger expired (over 3 seconds old)", async () => {
		const said: string[] = [];
		await openStartModal(
			client,
			fake.issueTriggerId("U2", Date.now() - 3500),
			form,
			async (t) => said.push(t),
		);
		expect(said).toEqual([startFormExpired(english)]);
		expect(fake.openedViews("U2")).toEqual([]);
	});

	it("throws any other refusal, for the command's error reply with a reference", async () => {
		fake.failNext("views.open", 500);
		await expect(
			openStartModal(client, fake.issueTriggerId("U3"), form, async () => {
				throw new Error("not for this refusal");
			}),
		).rejects.toThrow();
	});
});
