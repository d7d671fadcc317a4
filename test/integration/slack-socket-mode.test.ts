import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { FakeSlackApi } from "../../src/sim/fake-slack-api.js";
import { waitFor } from "../../src/sim/wait-for.js";
import { type CensusRuntime, startCensus } from "../../src/start-census.js";
import { FakeSocketMode } from "../support/fake-socket-mode.js";
import {
	createTestDatabase,
	dropTestRedisPrefix,
	type TestDatabase,
	testRedisPrefix,
} from "../support/test-database.js";

describe("Slack in Socket Mode (SLACK_APP_TOKEN set)", () => {
	let db: TestDatabase;
	let socket: FakeSocketMode;
	let fake: FakeSlackApi;
	let runtime: CensusRuntime;
	const logs: string[] = [];
	const redisPrefix = testRedisPrefix("socket");

	beforeAll(async () => {
		db = await createTestDatabase("socket");
		socket = await FakeSocketMode.start();
		fake = await FakeSlackApi.start({
			botToken: "xoxb-test",
			socketMode: { appToken: "xapp-test", url: () => socket.url },
		});
		const base = loadConfig({
			REDIS_URL: "redis://127.0.0.1:6379",
			CENSUS_DATA_DIR: await mkdtemp(path.join(os.tmpdir(), "census-socket-")),
		});
		runtime = await startCensus(
			{
				...base,
				port: 0,
				databaseUrl: db.url,
				slack: {
					botToken: "xoxb-test",
					signingSecret: "unused-in-socket-mode",
					appToken: "xapp-test",
					messagesPerSecond: 1000,
					apiUrl: fake.apiUrl,
				},
				admins: ["u-admin"],
				sealingSecret: randomBytes(32).toString("hex"),
			},
			{
				roles: ["web"],
				host: "127.0.0.1",
				redisPrefix,
				logger: createLogger("debug", {
					write: (l: string) => void logs.push(l),
				}),
			},
		);
		await waitFor(
			() => (socket.connected ? true : undefined),
			10_000,
			"the app to connect",
		);
	}, 30_000);

	afterAll(async () => {
		await runtime?.stop();
		await dropTestRedisPrefix(redisPrefix);
		await socket?.close();
		await fake?.close();
		await db?.drop();
	});

	it("opens the connection with the app token and answers slash commands over it", async () => {
		expect(fake.callsTo("apps.connections.open")).toHaveLength(1);
		const responseUrl = fake.newResponseUrl();
		const ack = await socket.deliver("slash_commands", {
			command: "/census",
			text: "help",
			user_id: "U-ADMIN",
			user_name: "admin",
			team_id: "T0FAKE",
			channel_id: "D0FAKE",
			api_app_id: "A0FAKE",
			response_url: responseUrl,
			trigger_id: fake.issueTriggerId("U-ADMIN"),
		});
		expect(ack.envelope_id).toMatch(/[0-9a-f-]{36}/);
		const reply = await waitFor(
			() =>
				(
					fake.responses.find((r) => r.url === responseUrl)?.body as
						| { text?: string }
						| undefined
				)?.text,
			10_000,
			"the reply",
		);
		expect(reply).toContain("Census commands");
	});

	it("serves no HTTP Slack endpoint, and never logs the envelopes it receives", async () => {
		const res = await fetch(`${runtime.url}/slack/events`, {
			method: "POST",
			body: "{}",
		});
		expect(res.status).toBe(404);
		expect(logs.join("\n")).not.toContain(
			"Received a message on the WebSocket",
		);
	});
});
