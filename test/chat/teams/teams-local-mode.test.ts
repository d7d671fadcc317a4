import http, { type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import os from "node:os";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminDeps } from "../../../src/chat/admin/admin-deps.js";
import { teamsHelpText } from "../../../src/chat/messages.js";
import { teamsReportPoster } from "../../../src/chat/teams/post-teams-report.js";
import {
	startTeams,
	type TeamsEndpoint,
} from "../../../src/chat/teams/start-teams.js";
import { TeamsAdapter } from "../../../src/chat/teams/teams-adapter.js";
import { createTeamsAuthentication } from "../../../src/chat/teams/teams-authentication.js";
import { TeamsBot } from "../../../src/chat/teams/teams-bot.js";
import {
	isLoopbackAddress,
	isLoopbackHost,
	teamsMessagesHandlers,
} from "../../../src/chat/teams/teams-endpoint.js";
import type { TeamsConfig } from "../../../src/config.js";
import { createLogger } from "../../../src/logger.js";
import { FakeBotConnector } from "../../../src/sim/fake-bot-connector.js";
import {
	personalMessage,
	type TeamsActivityContext,
} from "../../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../../src/sim/teams-activity-sender.js";
import { InMemoryTeamsConversationStore } from "../../fakes/in-memory-teams-conversation-store.js";
import { startTestAdminDeps } from "../../support/test-admin-deps.js";

const silent = createLogger("silent");
/** Local mode accepts activities from the connector it was configured with (set once the fake one is up). */
let localConfig: Extract<TeamsConfig, { mode: "local" }> = {
	mode: "local",
	port: 0,
	serviceUrl: "http://127.0.0.1:1/",
	messagesPerSecond: 50,
};

/** POSTs JSON with an explicit Host header (fetch does not let one be set). */
function postWithHost(
	url: string,
	host: string,
	body: unknown,
): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = http.request(url, {
			method: "POST",
			headers: { host, "content-type": "application/json" },
		});
		req.on("response", (res) => {
			res.resume();
			resolve(res.statusCode ?? 0);
		});
		req.on("error", reject);
		req.end(JSON.stringify(body));
	});
}
const ada = { id: "29:ada", aadObjectId: "aad-ada", name: "Ada" };
/** This machine's first non-loopback IPv4 address, if it has one. */
const external = Object.values(os.networkInterfaces())
	.flat()
	.find((a) => a && !a.internal && a.family === "IPv4")?.address;

function listen(app: express.Application, host: string): Promise<Server> {
	return new Promise((resolve) => {
		const s = app.listen(0, host, () => resolve(s));
	});
}

function tcpRefused(host: string, port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect({ host, port });
		socket.once("connect", () => {
			socket.destroy();
			resolve(false);
		});
		socket.once("error", () => resolve(true));
	});
}

/** Local mode (no TEAMS_APP_ID): unauthenticated, and reachable from this machine only. */
describe("Teams local mode", () => {
	let connector: FakeBotConnector;
	let main: Server;
	let teams: TeamsEndpoint;
	let ctx: TeamsActivityContext;
	const store = new InMemoryTeamsConversationStore();
	let admin: { deps: AdminDeps; stop(): Promise<void> };

	beforeAll(async () => {
		connector = await FakeBotConnector.start();
		localConfig = { ...localConfig, serviceUrl: connector.serviceUrl };
		admin = await startTestAdminDeps("teamslocal", [ada.id], silent);
		const http = express();
		teams = await startTeams(
			localConfig,
			{
				conversations: store,
				logger: silent,
				admin: admin.deps,
				postReport: teamsReportPoster(localConfig, {}),
			},
			http,
		);
		// The main server listens on all interfaces, as `npm start` does.
		main = await listen(http, "0.0.0.0");
		ctx = {
			serviceUrl: connector.serviceUrl,
			tenantId: "local",
			appId: "local-bot",
		};
	});
	afterAll(async () => {
		await new Promise((r) => main?.close(r));
		await teams?.stop();
		await connector?.close();
		await admin?.stop();
	});

	it("serves /api/messages on its own listener on 127.0.0.1, and not on the main server", async () => {
		expect(teams.localMessagesUrl).toMatch(
			/^http:\/\/127\.0\.0\.1:\d+\/api\/messages$/,
		);
		const { port } = main.address() as AddressInfo;
		const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify(personalMessage(ctx, ada, "census help")),
		});
		expect(res.status).toBe(404);
		expect(connector.calls).toEqual([]);
	});

	it("answers without a token, and calls the connector without one", async () => {
		const sender = new TeamsActivitySender({
			messagesUrl: teams.localMessagesUrl ?? "",
		});
		const answer = await sender.post(personalMessage(ctx, ada, "census help"));
		expect(answer.status).toBe(200);
		expect(connector.calls).toHaveLength(1);
		expect(connector.calls[0]).toMatchObject({
			kind: "reply",
			authorization: null,
			body: { text: teamsHelpText },
		});
		expect(store.rows.has(ada.id)).toBe(true);
	});

	it.skipIf(!external)(
		"cannot be reached on this machine's other addresses",
		async () => {
			const port = Number(new URL(teams.localMessagesUrl ?? "").port);
			expect(await tcpRefused(external ?? "", port)).toBe(true);
		},
	);

	it.skipIf(!external)(
		"refuses a non-loopback caller even where the handler is mounted on all interfaces",
		async () => {
			const adapter = new TeamsAdapter(
				createTeamsAuthentication(localConfig),
				{ channels: ["msteams"], tenantId: undefined },
				silent,
			);
			const bot = new TeamsBot({
				conversations: new InMemoryTeamsConversationStore(),
				logger: silent,
				admin: admin.deps,
				postReport: teamsReportPoster(localConfig, {}),
			});
			const app = express();
			app.post(
				"/api/messages",
				...teamsMessagesHandlers(adapter, bot, {
					loopbackOnly: true,
					logger: silent,
				}),
			);
			const server = await listen(app, "0.0.0.0");
			const { port } = server.address() as AddressInfo;
			const before = connector.calls.length;
			try {
				const post = (host: string) =>
					new TeamsActivitySender({
						messagesUrl: `http://${host}:${port}/api/messages`,
					}).post(personalMessage(ctx, ada, "census help"));
				expect((await post(external ?? "")).status).toBe(403);
				expect(connector.calls.length).toBe(before);
				expect((await post("127.0.0.1")).status).toBe(200);
			} finally {
				await new Promise((r) => server.close(r));
			}
		},
	);

	it("refuses a Host header that does not name this machine (DNS rebinding)", async () => {
		const url = teams.localMessagesUrl ?? "";
		const { port } = new URL(url);
		const before = connector.calls.length;
		for (const host of [
			"attacker.example",
			`attacker.example:${port}`,
			"10.0.0.1",
		])
			expect(
				await postWithHost(url, host, personalMessage(ctx, ada, "census help")),
				host,
			).toBe(403);
		expect(connector.calls.length).toBe(before);
		for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, "localhost"])
			expect(
				await postWithHost(url, host, personalMessage(ctx, ada, "census help")),
				host,
			).toBe(200);
	});

	it("accepts only the serviceUrl it was configured with (TEAMS_SERVICE_URL)", async () => {
		const sender = new TeamsActivitySender({
			messagesUrl: teams.localMessagesUrl ?? "",
		});
		const elsewhere = await FakeBotConnector.start();
		const intruder = { id: "29:intruder", aadObjectId: "aad-x", name: "X" };
		try {
			const answer = await sender.post(
				personalMessage(
					{ ...ctx, serviceUrl: elsewhere.serviceUrl },
					intruder,
					"census help",
				),
			);
			expect(answer.status).toBe(403);
			expect(elsewhere.calls).toEqual([]);
			expect(store.rows.has(intruder.id)).toBe(false);
			const sameWithoutSlash = await sender.post(
				personalMessage(
					{ ...ctx, serviceUrl: connector.serviceUrl.replace(/\/+$/, "") },
					ada,
					"census help",
				),
			);
			expect(sameWithoutSlash.status).toBe(200);
		} finally {
			await elsewhere.close();
		}
	});

	it("knows loopback host names", () => {
		for (const h of ["localhost", "localhost:3978", "127.0.0.1:1", "[::1]:80"])
			expect(isLoopbackHost(h), h).toBe(true);
		for (const h of ["evil.example", "127.0.0.1.evil.example", "", undefined])
			expect(isLoopbackHost(h), String(h)).toBe(false);
	});

	it("knows loopback addresses", () => {
		for (const a of ["127.0.0.1", "127.4.5.6", "::1", "::ffff:127.0.0.1"])
			expect(isLoopbackAddress(a), a).toBe(true);
		for (const a of ["192.0.2.2", "::ffff:10.0.0.1", "fd00::2", "", undefined])
			expect(isLoopbackAddress(a), String(a)).toBe(false);
	});
});
