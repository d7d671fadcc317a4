import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphTokenError } from "../../../src/chat/teams/graph/graph-token-source.js";
import {
	createTeamsGraphReach,
	type TeamsGraphReach,
} from "../../../src/chat/teams/teams-graph-reach.js";
import type { GraphConfig } from "../../../src/config.js";
import type { FakeGraphUser } from "../../fakes/fake-graph-types.js";
import { FakeMicrosoftGraph } from "../../fakes/fake-microsoft-graph.js";
import { testRedisPrefix } from "../../support/test-database.js";

const app = {
	tenantId: randomUUID(),
	clientId: randomUUID(),
	clientSecret: "graph-secret",
	catalogAppId: randomUUID(),
};

function person(i: number, extra: Partial<FakeGraphUser> = {}): FakeGraphUser {
	return {
		id: randomUUID(),
		mail: `p${i}@example.org`,
		userPrincipalName: `p${i}@corp.example.org`,
		accountEnabled: true,
		...extra,
	};
}

/**
 * The Teams directory and installer against the fake Graph, which throttles at a third of the rate the app is
 * configured for: every 429 (of a request inside a `$batch` too) must be waited out, never turned into an answer.
 */
describe("Teams reach through Microsoft Graph", () => {
	let graph: FakeMicrosoftGraph;
	let redis: Redis;
	let reach: TeamsGraphReach;
	const prefix = testRedisPrefix("graphreach");
	const members = Array.from({ length: 45 }, (_, i) => person(i));
	const disabled = person(100, { accountEnabled: false });
	const guest = person(101, { userType: "Guest" });
	const installed = person(102, { hasApp: true });
	const blocked = person(103, { blocksApp: true });
	const byUpn = person(104, { mail: null });
	const welsh = person(105, { preferredLanguage: "cy-GB" });
	const config = (): GraphConfig => ({
		...app,
		apiUrl: graph.apiUrl,
		loginUrl: graph.loginUrl,
		teamsPerSecond: 30,
		directoryPerSecond: 60,
	});

	beforeAll(async () => {
		graph = await FakeMicrosoftGraph.start({
			...app,
			teamsPerSecond: 10,
			directoryPer10s: 200,
			users: [...members, disabled, guest, installed, blocked, byUpn, welsh],
		});
		redis = new Redis("redis://127.0.0.1:6379");
		reach = createTeamsGraphReach(config(), { redis, redisPrefix: prefix });
	});

	afterAll(async () => {
		const keys = await redis.keys(`${prefix}:*`);
		if (keys.length > 0) await redis.del(...keys);
		redis.disconnect();
		await graph.close();
	});

	it("resolves emails in batches of 20, waiting out 429s, with a reason for everyone it cannot use and a member's preferred language", async () => {
		// Two throttled answers on top of the fake's own limit: the batch's requests go again after Retry-After.
		graph.failNext({ status: 429, retryAfterSeconds: 1 }, { times: 2 });
		const emails = [
			...members.map((m) => (m.mail as string).toUpperCase()),
			disabled.mail as string,
			guest.mail as string,
			"nobody@example.org",
			byUpn.userPrincipalName,
			welsh.mail as string,
		];
		const progress: number[] = [];
		const results = await reach.directory.resolve(emails, (n) =>
			progress.push(n),
		);
		const byEmail = new Map(results.map((r) => [r.email, r.outcome]));
		expect(results).toHaveLength(emails.length);
		for (const m of members)
			expect(byEmail.get(m.mail as string)).toEqual({
				kind: "found",
				userId: m.id,
			});
		expect(byEmail.get(disabled.mail as string)).toEqual({
			kind: "unreachable",
			reason: "deactivated",
		});
		expect(byEmail.get(guest.mail as string)).toEqual({
			kind: "unreachable",
			reason: "guest",
		});
		expect(byEmail.get("nobody@example.org")).toEqual({
			kind: "unreachable",
			reason: "not_found",
		});
		expect(byEmail.get(byUpn.userPrincipalName)).toEqual({
			kind: "found",
			userId: byUpn.id,
		});
		// The language the tenant's admins set is kept; nobody else has one (Graph's null is no locale).
		expect(byEmail.get(welsh.mail as string)).toEqual({
			kind: "found",
			userId: welsh.id,
			locale: "cy-GB",
		});
		expect(progress.at(-1)).toBe(emails.length);
		const lookups = graph.calls.filter((c) => c.url.startsWith("users?"));
		expect(lookups.every((c) => c.inBatch)).toBe(true);
		expect(
			lookups.filter((c) => c.status === 429).length,
		).toBeGreaterThanOrEqual(2);
		// Every email answered 200 exactly once: a throttled lookup was repeated, an answered one never.
		expect(lookups.filter((c) => c.status === 200)).toHaveLength(emails.length);
	});

	it("installs once per person, takes 409 as installed, 403 as not installable, and finds each chat", async () => {
		const some = members.slice(0, 25);
		const outcomes = await Promise.all(
			[...some, installed, blocked].map((m) =>
				reach.installer.personalChat(m.id),
			),
		);
		const again = await reach.installer.personalChat(some[0]?.id as string);
		for (const [i, m] of some.entries())
			expect(outcomes[i]).toEqual({
				kind: "chat",
				chatId: graph.tenant.chatIdOf(m.id),
			});
		expect(outcomes[25]).toEqual({
			kind: "chat",
			chatId: graph.tenant.chatIdOf(installed.id),
		});
		expect(outcomes[26]).toEqual({
			kind: "unreachable",
			reason: "app_not_installable",
		});
		expect(again).toEqual({
			kind: "chat",
			chatId: graph.tenant.chatIdOf(some[0]?.id as string),
		});
		for (const m of some) expect(graph.tenant.installs.get(m.id)).toBe(1);
		expect(graph.tenant.installs.has(installed.id)).toBe(false);
		// 27 people at 10 Teams calls a second: the fake throttled, and the installer waited rather than failed.
		expect(
			graph.calls.some((c) => c.limit === "teams" && c.status === 429),
		).toBe(true);
	});

	it("reports a refused secret as a setup error, not as unreachable people", async () => {
		const wrong = createTeamsGraphReach(
			{ ...config(), clientSecret: "not-the-secret" },
			{ redis, redisPrefix: prefix },
		);
		await expect(
			wrong.directory.resolve(["p1@example.org"]),
		).rejects.toBeInstanceOf(GraphTokenError);
	});
});
