import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSlackDeliveryChannel } from "../../../src/chat/slack/slack-delivery-channel.js";
import {
	SlackPostUnclear,
	SlackWebApiPoster,
} from "../../../src/chat/slack/slack-web-api-poster.js";
import { PlatformOverloaded } from "../../../src/domain/deliveries/delivery-errors.js";
import type { CensusStore } from "../../../src/domain/ports.js";
import { processDelivery } from "../../../src/jobs/process-delivery.js";
import { FakeSlackApi } from "../../../src/sim/fake-slack-api.js";
import { InMemoryOutbox } from "../../fakes/in-memory-outbox.js";
import { sampleCampaign } from "../../support/sample-campaign.js";

const token = "xoxb-gateway";
let fake: FakeSlackApi;
let poster: SlackWebApiPoster;

beforeEach(async () => {
	fake = await FakeSlackApi.start({ botToken: token });
	poster = new SlackWebApiPoster(token, fake.apiUrl);
});
afterEach(async () => {
	poster.close();
	await fake.close();
});

function slackChannel() {
	// The channel reads the campaign once; this store has one campaign and nothing else.
	const store = {
		findCampaign: async () => sampleCampaign(),
	} as unknown as CensusStore;
	return createSlackDeliveryChannel({
		post: (method, json) => poster.post(method, json),
		store,
	});
}

describe("Slack gateway errors on a delivery", () => {
	for (const status of [502, 503, 504])
		it(`${status}: marks the delivery unknown (never resent on its own) and backs the queue off for Retry-After`, async () => {
			const outbox = new InMemoryOutbox();
			const row = outbox.add("d1", "invite", "U1");
			fake.failNext("chat.postMessage", status, 7);
			const err = await processDelivery(
				outbox,
				slackChannel(),
				"d1",
				false,
			).catch((e: unknown) => e);
			expect(err).toBeInstanceOf(PlatformOverloaded);
			expect(err).toMatchObject({ status, retryAfterMs: 7000 });
			expect(row.state).toBe("unknown");
			expect(await processDelivery(outbox, slackChannel(), "d1", false)).toBe(
				"skipped",
			);
			expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
		});

	it("backs off 2 s when the gateway gives no Retry-After", async () => {
		const outbox = new InMemoryOutbox();
		outbox.add("d2", "invite", "U2");
		fake.failNext("chat.postMessage", 502);
		await expect(
			processDelivery(outbox, slackChannel(), "d2", false),
		).rejects.toMatchObject({ status: 502, retryAfterMs: 2000 });
	});

	it("a plain 500 stays 'may have arrived' without pausing the queue", async () => {
		const outbox = new InMemoryOutbox();
		const row = outbox.add("d3", "invite", "U3");
		fake.failNext("chat.postMessage", 500);
		const err = await processDelivery(
			outbox,
			slackChannel(),
			"d3",
			false,
		).catch((e: unknown) => e);
		expect(err).not.toBeInstanceOf(PlatformOverloaded);
		expect(row.state).toBe("unknown");
		await expect(
			poster.post(
				"chat.postMessage",
				JSON.stringify({ channel: "U4", text: "x" }),
			),
		).resolves.toMatchObject({ kind: "ok" });
		fake.failNext("chat.postMessage", 503, 3);
		await expect(
			poster.post(
				"chat.postMessage",
				JSON.stringify({ channel: "U4", text: "x" }),
			),
		).rejects.toEqual(new SlackPostUnclear(503, 3000));
	});
});
