import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teamsReportPoster } from "../../src/chat/teams/post-teams-report.js";
import {
	startTeams,
	type TeamsEndpoint,
} from "../../src/chat/teams/start-teams.js";
import { maxRequestBytes } from "../../src/http/request-size-limit.js";
import { createLogger } from "../../src/logger.js";
import { InMemoryTeamsConversationStore } from "../fakes/in-memory-teams-conversation-store.js";
import { postOversized } from "../support/oversized-request.js";
import {
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";
import { startTestAdminDeps } from "../support/test-admin-deps.js";

/** A body that never ends stops being read well before this much has been sent (socket buffers included). */
const readAtMost = 24 * maxRequestBytes;
const tenGigabytes = 10 * 1024 ** 3;

describe("request bodies over 1 MB", () => {
	let t: TestCensus;
	let local: TeamsEndpoint;
	let stopAdmin: () => Promise<void>;

	beforeAll(async () => {
		t = await startTestCensus({ admins: [], label: "bodylimit", teams: {} });
		const silent = createLogger("silent");
		const admin = await startTestAdminDeps("bodylimitlocal", [], silent);
		stopAdmin = admin.stop;
		const config = {
			mode: "local",
			port: 0,
			serviceUrl: "http://127.0.0.1:1/",
			messagesPerSecond: 50,
		} as const;
		local = await startTeams(
			config,
			{
				conversations: new InMemoryTeamsConversationStore(),
				logger: silent,
				admin: admin.deps,
				postReport: teamsReportPoster(config, {}),
			},
			express(),
		);
	});
	afterAll(async () => {
		await local?.stop();
		await stopAdmin?.();
		await t?.stop();
	});

	const endpoints = () => ({
		"Slack /slack/events": `${t.runtime.url}/slack/events`,
		"Teams /api/messages": `${t.runtime.url}/api/messages`,
		"Teams local /api/messages": local.localMessagesUrl ?? "",
		"any other path": `${t.runtime.url}/nowhere`,
	});

	it("get 413 at once when Content-Length says so, after the first KiB", async () => {
		for (const [name, url] of Object.entries(endpoints())) {
			const outcome = await postOversized(url, { declaredBytes: tenGigabytes });
			expect({ name, status: outcome.status }).toEqual({ name, status: 413 });
		}
	});

	it("get 413 when a streamed body that never ends passes the limit, without reading it all", async () => {
		const streamed = Object.entries(endpoints()).filter(
			([name]) => name !== "any other path",
		);
		for (const [name, url] of streamed) {
			const outcome = await postOversized(url);
			expect({ name, status: outcome.status }).toEqual({ name, status: 413 });
			expect(outcome.bytesSent).toBeGreaterThan(maxRequestBytes);
			expect(outcome.bytesSent).toBeLessThan(readAtMost);
		}
	});

	it("still accept a body just under the limit", async () => {
		const body = JSON.stringify({ padding: "x".repeat(maxRequestBytes - 100) });
		const res = await fetch(`${t.runtime.url}/api/messages`, {
			method: "POST",
			headers: { "content-type": "application/json" },
			body,
		});
		// Read and parsed: refused as a malformed activity, not for its size.
		expect(res.status).toBe(400);
		expect(t.logs.some((l) => l.includes("malformed activity"))).toBe(true);
	});
});
