import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AdminDeps } from "../../../src/chat/admin/admin-deps.js";
import {
	teamsHelpText as helpText,
	teamsText,
	text,
} from "../../../src/chat/messages.js";
import { teamsReportPoster } from "../../../src/chat/teams/post-teams-report.js";
import {
	startTeams,
	type TeamsEndpoint,
} from "../../../src/chat/teams/start-teams.js";
import { createLogger } from "../../../src/logger.js";
import {
	FakeBotConnector,
	personalConversationId,
} from "../../../src/sim/fake-bot-connector.js";
import {
	channelMention,
	personalInstall,
	personalMessage,
	type TeamsActivityContext,
	type TeamsTestUser,
} from "../../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../../src/sim/teams-activity-sender.js";
import { InMemoryTeamsConversationStore } from "../../fakes/in-memory-teams-conversation-store.js";
import { startTestAdminDeps } from "../../support/test-admin-deps.js";

const appId = "00000000-0000-4000-8000-00000000a001";
const tenantId = "00000000-0000-4000-8000-0000000070e1";
const outboundToken = "outbound-test-token";
const ada: TeamsTestUser = {
	id: "29:ada",
	aadObjectId: "00000000-0000-4000-8000-000000000ada",
	name: "Ada",
};
const eve: TeamsTestUser = {
	id: "29:eve",
	aadObjectId: "00000000-0000-4000-8000-000000000e0e",
	name: "Eve",
};
const channel = {
	teamId: "19:team@thread.tacv2",
	channelId: "19:general@thread.tacv2",
};

/** The Teams endpoint in authenticated mode on a real HTTP server, against the fake Bot Connector. */
describe("POST /api/messages (authenticated)", () => {
	let connector: FakeBotConnector;
	let server: Server;
	let teams: TeamsEndpoint;
	let sender: TeamsActivitySender;
	let ctx: TeamsActivityContext;
	let messagesUrl: string;
	const store = new InMemoryTeamsConversationStore();
	const logs: string[] = [];

	let admin: { deps: AdminDeps; stop(): Promise<void> };

	beforeAll(async () => {
		connector = await FakeBotConnector.start({ acceptToken: outboundToken });
		const logger = createLogger("info", {
			write: (l: string) => void logs.push(l),
		});
		admin = await startTestAdminDeps(
			"teamsendpoint",
			[ada.aadObjectId],
			logger,
		);
		const http = express();
		const config = {
			mode: "authenticated",
			appId,
			appPassword: "unused-secret",
			tenantId,
			openIdMetadataUrl: connector.openIdMetadataUrl,
			serviceUrl: connector.serviceUrl,
			messagesPerSecond: 50,
		} as const;
		teams = await startTeams(
			config,
			{
				conversations: store,
				logger,
				outboundToken: async () => outboundToken,
				admin: admin.deps,
				postReport: teamsReportPoster(config, {
					outboundToken: async () => outboundToken,
				}),
			},
			http,
		);
		server = await new Promise<Server>((resolve) => {
			const s = http.listen(0, "127.0.0.1", () => resolve(s));
		});
		const { port } = server.address() as AddressInfo;
		messagesUrl = `http://127.0.0.1:${port}/api/messages`;
		sender = new TeamsActivitySender({
			messagesUrl,
			appId,
			signer: connector.signer,
		});
		ctx = { serviceUrl: connector.serviceUrl, tenantId, appId };
	});
	afterAll(async () => {
		await new Promise((r) => server?.close(r));
		await teams?.stop();
		await connector?.close();
		await admin?.stop();
	});
	beforeEach(() => {
		connector.calls.length = 0;
		store.rows.clear();
		store.writes = 0;
		store.reads = 0;
	});

	describe("happy", () => {
		it("answers `census help` in personal chat with the Teams help text, through the connector", async () => {
			const activity = personalMessage(ctx, ada, "census help");
			const answer = await sender.post(activity);
			expect(answer.status).toBe(200);
			expect(connector.calls).toHaveLength(1);
			const [reply] = connector.calls;
			expect(reply).toMatchObject({
				kind: "reply",
				conversationId: personalConversationId(ada.id),
				activityId: activity.id,
				authorization: `Bearer ${outboundToken}`,
				status: 201,
			});
			expect(reply?.body).toMatchObject({
				type: "message",
				text: helpText,
				replyToId: activity.id,
				from: { id: `28:${appId}` },
				recipient: { id: ada.id },
			});
		});

		it("captures the personal conversation on first contact, once, with one read of the store per message", async () => {
			await sender.post(personalMessage(ctx, ada, "census help"));
			await sender.post(personalMessage(ctx, ada, "help"));
			expect(store.writes).toBe(1);
			// Every activity in a personal chat looks its place up: one round trip, first contact included.
			expect(store.reads).toBe(2);
			expect(await store.findByTeamsUserId(ada.aadObjectId)).toEqual({
				userId: ada.id,
				aadObjectId: ada.aadObjectId,
				tenantId,
				conversationId: personalConversationId(ada.id),
				serviceUrl: connector.serviceUrl,
				reference: {
					channelId: "msteams",
					serviceUrl: connector.serviceUrl,
					conversation: {
						id: personalConversationId(ada.id),
						conversationType: "personal",
						tenantId,
					},
					bot: { id: `28:${appId}` },
					user: { id: ada.id, aadObjectId: ada.aadObjectId },
					// The Teams client's locale: our messages to them are in it when the roster says no language.
					locale: "en-GB",
				},
			});
			expect(connector.delivered("reply")).toHaveLength(2);
		});

		it("acts for nobody in a personal chat captured for someone else, when the sender has no chat captured", async () => {
			await sender.post(personalMessage(ctx, ada, "census help"));
			connector.calls.length = 0;
			// Eve, never seen before, writes from the chat captured for Ada.
			const fromAdasChat = personalMessage(ctx, eve, "census help");
			(fromAdasChat.conversation as { id: string }).id = personalConversationId(
				ada.id,
			);
			expect((await sender.post(fromAdasChat)).status).toBe(200);
			expect(connector.delivered("reply").map((c) => c.body.text)).toEqual([
				teamsText.ownChatOnly,
			]);
			expect(await store.findByTeamsUserId(eve.id)).toBeNull();
			expect(store.writes).toBe(1);
		});

		it("captures the conversation when the app is installed, and sends nothing", async () => {
			const answer = await sender.post(personalInstall(ctx, ada));
			expect(answer.status).toBe(200);
			expect((await store.findByTeamsUserId(ada.id))?.conversationId).toBe(
				personalConversationId(ada.id),
			);
			expect(connector.calls).toEqual([]);
		});

		it("answers a channel mention in the thread, and stores no channel as a person's chat", async () => {
			const activity = channelMention(ctx, ada, channel, "census help");
			expect((await sender.post(activity)).status).toBe(200);
			expect(connector.calls).toHaveLength(1);
			expect(connector.calls[0]).toMatchObject({
				kind: "reply",
				conversationId: (activity.conversation as { id: string }).id,
				activityId: activity.id,
			});
			expect(connector.calls[0]?.body.text).toBe(helpText);
			expect(store.rows.size).toBe(0);
		});

		it("gives a hint for other messages, runs admin commands and names unknown ones", async () => {
			await sender.post(personalMessage(ctx, ada, "hello"));
			await sender.post(personalMessage(ctx, ada, "census status"));
			await sender.post(personalMessage(ctx, ada, "census frobnicate"));
			expect(connector.calls.map((c) => c.body.text)).toEqual([
				expect.stringContaining("census help"),
				`${text.noCensus} Start one with \`census start\`.`,
				'Unknown subcommand "frobnicate". Try `census help`.',
			]);
		});

		it("refuses every subcommand, help included, to someone not in CENSUS_ADMINS, and still hints", async () => {
			await sender.post(personalMessage(ctx, eve, "census help"));
			await sender.post(personalMessage(ctx, eve, "census frobnicate"));
			await sender.post(personalMessage(ctx, eve, "hello"));
			expect(connector.calls.map((c) => c.body.text)).toEqual([
				text.notAdmin,
				text.notAdmin,
				expect.stringContaining("census help"),
			]);
		});
	});

	describe("error", () => {
		it("a reply the connector refuses is logged with a reference and followed by the error text", async () => {
			connector.failNext({ status: 403, subCode: "MessageWritesBlocked" });
			const answer = await sender.post(
				personalMessage(ctx, ada, "census help"),
			);
			expect(answer.status).toBe(200);
			expect(connector.calls.map((c) => c.status)).toEqual([403, 201]);
			const ref = /reference ([0-9a-f]{8})/.exec(
				String(connector.calls[1]?.body.text),
			)?.[1];
			expect(connector.calls[1]?.body.text).toBe(text.error(ref ?? "?"));
			expect(logs.some((l) => l.includes(`"requestId":"${ref}"`))).toBe(true);
		});

		// Pinned because the delivery outbox must account for it: botbuilder's ConnectorClient (the
		// @azure/core-client pipeline) itself retries 502/504 three times with backoff, and 429 when Retry-After
		// is given; 412, 403 and a 429 without Retry-After are not retried.
		it("the SDK itself retries a 502 three times before the turn fails", async () => {
			connector.failNext({ status: 502 }, { times: 4 });
			expect(
				(await sender.post(personalMessage(ctx, ada, "help"))).status,
			).toBe(200);
			expect(
				connector.calls.map((c) => [c.status, c.body.text === helpText]),
			).toEqual([
				[502, true],
				[502, true],
				[502, true],
				[502, true],
				[201, false],
			]);
		}, 20_000);

		it("answers a body that is not JSON, or too large, with a bare status", async () => {
			const post = (body: string) =>
				fetch(messagesUrl, {
					method: "POST",
					headers: { "content-type": "application/json" },
					body,
				});
			const bad = await post("{not json");
			expect(bad.status).toBe(400);
			expect(await bad.text()).toBe("");
			const big = await post(JSON.stringify({ text: "x".repeat(1_100_000) }));
			expect(big.status).toBe(413);
			expect(await big.text()).toBe("");
			expect(connector.calls).toEqual([]);
		});

		it("rejects a body that is not an activity", async () => {
			const answer = await sender.post({ hello: "world" });
			expect(answer.status).toBe(400);
			expect(connector.calls).toEqual([]);
		});
	});

	describe("security", () => {
		const cases: [string, () => Parameters<TeamsActivitySender["post"]>[1]][] =
			[
				["no token", () => ({ header: null })],
				["not a bearer token", () => ({ header: "Basic YWRhOnB3" })],
				["a token that is not a JWT", () => ({ header: "Bearer not-a-jwt" })],
				["a bad signature", () => ({ token: { forgeSignature: true } })],
				[
					"the wrong audience",
					() => ({
						token: { audience: "00000000-0000-4000-8000-00000000bad0" },
					}),
				],
				[
					"the wrong issuer",
					() => ({ token: { issuer: "https://login.example.test/" } }),
				],
				["an expired token", () => ({ token: { expiresInSeconds: -3600 } })],
			];

		it.each(cases)("refuses %s with 401, changing nothing", async (_, auth) => {
			const answer = await sender.post(
				personalMessage(ctx, ada, "census help"),
				auth(),
			);
			expect(answer.status).toBe(401);
			expect(connector.calls).toEqual([]);
			expect(store.rows.size).toBe(0);
		});

		it("refuses a token issued for another serviceUrl with 401 (no redirecting the bot's replies)", async () => {
			const activity = {
				...personalMessage(ctx, ada, "census help"),
				serviceUrl: "http://127.0.0.1:9/elsewhere/",
			};
			const token = connector.signer.channelToken({
				appId,
				serviceUrl: connector.serviceUrl,
			});
			const answer = await sender.post(activity, {
				header: `Bearer ${token}`,
			});
			expect(answer.status).toBe(401);
			expect(connector.calls).toEqual([]);
			expect(store.rows.size).toBe(0);
		});

		it("refuses a validly signed activity from another tenant with 403, changing nothing", async () => {
			const other = {
				...ctx,
				tenantId: "00000000-0000-4000-8000-0000000bad00",
			};
			for (const activity of [
				personalMessage(other, ada, "census help"),
				personalInstall(other, ada),
				channelMention(other, ada, channel, "census help"),
			]) {
				expect((await sender.post(activity)).status).toBe(403);
			}
			const noTenant = personalMessage(ctx, ada, "census help");
			delete noTenant.channelData;
			(noTenant.conversation as { tenantId?: string }).tenantId = undefined;
			expect((await sender.post(noTenant)).status).toBe(403);
			expect(connector.calls).toEqual([]);
			expect(store.rows.size).toBe(0);
		});

		it("refuses channels other than msteams before looking at the token", async () => {
			for (const channelId of ["emulator", "AseChannel", "webchat"]) {
				const activity = { ...personalInstall(ctx, ada), channelId };
				expect((await sender.post(activity)).status).toBe(403);
			}
			expect(store.rows.size).toBe(0);
		});

		it("logs refusals without the token or the activity's text", async () => {
			logs.length = 0;
			await sender.post(personalMessage(ctx, ada, "census help SECRETTEXT"), {
				token: { forgeSignature: true },
			});
			expect(logs.join("\n")).toMatch(/token rejected/);
			expect(logs.join("\n")).not.toMatch(/SECRETTEXT|Bearer|eyJ/);
		});
	});
});
