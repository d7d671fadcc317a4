import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTeamsAuthentication } from "../../../src/chat/teams/teams-authentication.js";
import { createTeamsConnectors } from "../../../src/chat/teams/teams-connector.js";
import { createTeamsDeliveryChannel } from "../../../src/chat/teams/teams-delivery-channel.js";
import type { DeliveryChannel } from "../../../src/domain/deliveries/delivery-channel.js";
import {
	PlatformOverloaded,
	PlatformRateLimited,
	RecipientUnreachable,
} from "../../../src/domain/deliveries/delivery-errors.js";
import type { ClaimedDelivery } from "../../../src/domain/deliveries/outbox-store.js";
import { asCampaignId } from "../../../src/domain/ids.js";
import type { Campaign } from "../../../src/domain/ports.js";
import {
	FakeBotConnector,
	personalConversationId,
} from "../../../src/sim/fake-bot-connector.js";
import { InMemoryTeamsConversationStore } from "../../fakes/in-memory-teams-conversation-store.js";

const appId = "00000000-0000-4000-8000-00000000a001";
const tenantId = "00000000-0000-4000-8000-0000000070e1";
const token = "outbound-test-token";
const campaignId = asCampaignId("00000000-0000-4000-8000-000000000001");

function delivery(teamsUserId: string): ClaimedDelivery {
	return {
		id: "00000000-0000-4000-8000-0000000000d1",
		campaignId,
		kind: "invite",
		wave: 0,
		employeeId: null,
		recipient: teamsUserId,
		payload: null,
		slackUserId: null,
		teamsUserId,
		participation: "pending",
		campaignStatus: "open",
	};
}

/** The Teams sender: the real botbuilder ConnectorClient against the fake Bot Connector. */
describe("Teams delivery channel", () => {
	let connector: FakeBotConnector;
	let channel: DeliveryChannel;
	const conversations = new InMemoryTeamsConversationStore();
	/** The sender with the real botbuilder client against the fake, and `extra` deps. */
	const channelWith = (
		extra: Partial<Parameters<typeof createTeamsDeliveryChannel>[0]>,
	): DeliveryChannel =>
		createTeamsDeliveryChannel({
			connector: createTeamsConnectors(
				createTeamsAuthentication(
					{
						mode: "authenticated",
						appId,
						appPassword: "unused",
						tenantId,
						openIdMetadataUrl: connector.openIdMetadataUrl,
						serviceUrl: connector.serviceUrl,
						messagesPerSecond: 50,
					},
					async () => token,
				),
				appId,
			),
			conversations,
			store: { findCampaign: async () => ({ id: campaignId }) as Campaign },
			render: (d) => ({ text: `hello ${d.kind}` }),
			botId: `28:${appId}`,
			tenantId,
			serviceUrl: connector.serviceUrl,
			...extra,
		});

	beforeAll(async () => {
		connector = await FakeBotConnector.start({ acceptToken: token });
		channel = channelWith({});
	});
	afterAll(async () => {
		await connector?.close();
	});
	beforeEach(() => {
		connector.calls.length = 0;
	});

	it("creates the 1:1 conversation when none was captured, then sends once", async () => {
		const ref = await channel.deliver(delivery("29:ada"));
		expect(connector.calls.map((c) => c.kind)).toEqual([
			"create-conversation",
			"send",
		]);
		const [create, send] = connector.calls;
		expect(create?.body).toMatchObject({
			members: [{ id: "29:ada" }],
			channelData: { tenant: { id: tenantId } },
		});
		expect(send).toMatchObject({
			conversationId: personalConversationId("29:ada"),
			authorization: `Bearer ${token}`,
		});
		expect(send?.body).toMatchObject({ type: "message", text: "hello invite" });
		expect(ref).toBe(`${personalConversationId("29:ada")}:${send?.resultId}`);
		// A reminder to the same person reuses the conversation: one call, not two.
		connector.calls.length = 0;
		await channel.deliver({ ...delivery("29:ada"), kind: "reminder", wave: 1 });
		expect(connector.calls.map((c) => c.kind)).toEqual(["send"]);
	});

	it("a second call waits for a slot of its own: the creation takes the delivery's slot, the send the next", async () => {
		// The delivery's slot was taken before the claim; a send right after the creation would put both calls in
		// one slot, and two deliveries' pairs in one rolling second (the tenant's 429 pauses the whole queue).
		const order: string[] = [];
		const paced = channelWith({
			paceExtraCall: async () => {
				order.push(
					`slot after ${connector.calls.map((c) => c.kind).join("+") || "nothing"}`,
				);
			},
		});
		await paced.deliver(delivery("29:paced"));
		expect(order).toEqual(["slot after create-conversation"]);
		expect(connector.calls.map((c) => c.kind)).toEqual([
			"create-conversation",
			"send",
		]);
		// A reminder reuses the conversation: one call, the delivery's own slot, no extra.
		order.length = 0;
		await paced.deliver({ ...delivery("29:paced"), kind: "reminder", wave: 1 });
		expect(order).toEqual([]);
	});

	it("sends to a captured conversation without creating one", async () => {
		await conversations.save({
			userId: "29:bob",
			aadObjectId: null,
			tenantId,
			conversationId: "a:captured-bob",
			serviceUrl: connector.serviceUrl,
			reference: {},
		});
		await channel.deliver(delivery("29:bob"));
		expect(connector.calls.map((c) => [c.kind, c.conversationId])).toEqual([
			["send", "a:captured-bob"],
		]);
	});

	it("429: PlatformRateLimited with its Retry-After, one request only", async () => {
		connector.failNext(
			{ status: 429, retryAfterSeconds: 3 },
			{ kinds: ["send"] },
		);
		const err = await channel.deliver(delivery("29:bob")).catch((e) => e);
		expect(err).toBeInstanceOf(PlatformRateLimited);
		expect((err as PlatformRateLimited).retryAfterMs).toBe(3000);
		expect(connector.calls).toHaveLength(1);
	});

	it("412: nothing written, so rate limited (default 1 s), one request only", async () => {
		connector.failNext({ status: 412 }, { kinds: ["send"] });
		const err = await channel.deliver(delivery("29:bob")).catch((e) => e);
		expect(err).toBeInstanceOf(PlatformRateLimited);
		expect((err as PlatformRateLimited).retryAfterMs).toBe(1000);
		expect(connector.calls).toHaveLength(1);
	});

	it.each([502, 503, 504] as const)(
		"%i: may have arrived, so overloaded (the queue backs off 2 s), not rate limited, not retried by the SDK",
		async (status) => {
			// Two faults queued: a send retried by the SDK would use both (its default pipeline tries 4 times).
			connector.failNext({ status }, { kinds: ["send"], times: 2 });
			for (let i = 1; i <= 2; i++) {
				const err = await channel.deliver(delivery("29:bob")).catch((e) => e);
				expect(err).toBeInstanceOf(PlatformOverloaded);
				expect((err as PlatformOverloaded).status).toBe(status);
				expect((err as PlatformOverloaded).retryAfterMs).toBe(2000);
				expect(err).not.toBeInstanceOf(PlatformRateLimited);
				expect(err).not.toBeInstanceOf(RecipientUnreachable);
				expect(connector.calls).toHaveLength(i);
			}
			connector.calls.length = 0;
		},
	);

	it.each([502, 503, 504] as const)(
		"%i creating the conversation: nothing can have gone, so the delivery waits (rate limited, 2 s, status kept), then goes once",
		async (status) => {
			const user = `29:dave-${status}`;
			connector.failNext({ status }, { kinds: ["create-conversation"] });
			const err = await channel.deliver(delivery(user)).catch((e) => e);
			expect(err).toBeInstanceOf(PlatformRateLimited);
			expect(err).not.toBeInstanceOf(PlatformOverloaded);
			expect(err).toMatchObject({ status, retryAfterMs: 2000 });
			expect(connector.calls.map((c) => [c.kind, c.status])).toEqual([
				["create-conversation", status],
			]);
			await channel.deliver(delivery(user));
			expect(
				connector
					.delivered("send")
					.filter((c) => c.conversationId === personalConversationId(user)),
			).toHaveLength(1);
		},
	);

	it("403 MessageWritesBlocked: RecipientUnreachable", async () => {
		connector.block("29:carol");
		const err = await channel.deliver(delivery("29:carol")).catch((e) => e);
		expect(err).toBeInstanceOf(RecipientUnreachable);
		expect(connector.calls).toHaveLength(1);
	});

	it("a person with no Teams id is unreachable, with no call made", async () => {
		const d = { ...delivery("x"), teamsUserId: null };
		await expect(channel.deliver(d)).rejects.toBeInstanceOf(
			RecipientUnreachable,
		);
		expect(connector.calls).toHaveLength(0);
	});

	it("holds nothing (no Do Not Disturb on Teams)", async () => {
		expect(
			await channel.holdUntil({
				id: "x",
				campaignId,
				kind: "invite",
				state: "queued",
				slackUserId: null,
				teamsUserId: "29:ada",
				timeZone: null,
				participation: "pending",
				campaignStatus: "open",
			}),
		).toBeNull();
	});
});
