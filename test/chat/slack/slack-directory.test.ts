import { WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PacerClock } from "../../../src/chat/slack/call-pacer.js";
import { SlackDirectory } from "../../../src/chat/slack/slack-directory.js";
import { DirectoryError } from "../../../src/domain/roster/directory-error.js";
import type { ReachResult } from "../../../src/domain/roster/reach.js";
import {
	FakeSlackApi,
	slackTierLimits,
} from "../../../src/sim/fake-slack-api.js";
import { validateSlackCall } from "../../support/slack-method-check.js";

/** Virtual time shared by the fake's rate limits and the directory's pacing: sleeping moves it on at once. */
function virtualClock(): PacerClock & { t: number } {
	const clock = {
		t: 1_700_000_000_000,
		now: () => clock.t,
		sleep: async (ms: number) => {
			clock.t += ms;
		},
	};
	return clock;
}

const token = "xoxb-directory";
let fake: FakeSlackApi;
let clock: ReturnType<typeof virtualClock>;

/** 450 members: ordinary people (emails in mixed case), and every kind the bot must not invite. */
function populate(api: FakeSlackApi): void {
	for (let i = 0; i < 430; i++)
		api.addUser({
			id: `U${1000 + i}`,
			email: `Person${i}@Example.org`,
			// Slack's language for each member: one reads Welsh, the rest Slack's default.
			...(i === 1 ? { locale: "cy-GB" } : {}),
		});
	api.addUser({ id: "U0GONE", email: "gone@example.org", deleted: true });
	api.addUser({ id: "U0BOTUSER", email: "robot@example.org", isBot: true });
	api.addUser({ id: "USLACKBOT", email: "slackbot@example.org" });
	api.addUser({
		id: "U0GUEST",
		email: "guest@example.org",
		isRestricted: true,
	});
	api.addUser({
		id: "U0SCG",
		email: "single@example.org",
		isUltraRestricted: true,
	});
	// One email, two accounts: the deactivated old one and the live new one.
	api.addUser({ id: "U0OLD", email: "moved@example.org", deleted: true });
	api.addUser({ id: "U0NEW", email: "Moved@example.org" });
}

const byEmail = (results: ReachResult[]) =>
	Object.fromEntries(results.map((r) => [r.email, r.outcome]));

beforeAll(async () => {
	clock = virtualClock();
	fake = await FakeSlackApi.start({
		botToken: token,
		now: () => clock.now(),
		methodLimitsPerMinute: slackTierLimits,
	});
	populate(fake);
});

afterEach(() => {
	fake.reset();
	fake.withholdScope("users:read.email", true);
});

afterAll(async () => {
	await fake.close();
});

function directory(
	opts: Partial<ConstructorParameters<typeof SlackDirectory>[0]> = {},
) {
	return new SlackDirectory({
		token,
		apiUrl: fake.apiUrl,
		clock,
		...opts,
	});
}

describe("SlackDirectory over users.list", () => {
	it("matches roster emails case-insensitively and gives each unreachable person their reason", async () => {
		const emails = [
			...Array.from({ length: 400 }, (_, i) => `person${i}@example.org`),
			"gone@example.org",
			"robot@example.org",
			"slackbot@example.org",
			"guest@example.org",
			"single@example.org",
			"moved@example.org",
			"nobody@example.org",
		];
		const progress: number[] = [];
		const results = await directory().resolve(emails, (settled) =>
			progress.push(settled),
		);
		expect(results).toHaveLength(emails.length);
		const found = byEmail(results);
		// Each member's Slack locale comes with the listing (include_locale), at no call of its own; Slack's default
		// (en-US, which everyone who never chose a language reports) is no preference, so it is not kept.
		expect(found["person0@example.org"]).toEqual({
			kind: "found",
			userId: "U1000",
		});
		expect(found["person1@example.org"]).toEqual({
			kind: "found",
			userId: "U1001",
			locale: "cy-GB",
		});
		expect(found["person399@example.org"]).toEqual({
			kind: "found",
			userId: "U1399",
		});
		expect(found["gone@example.org"]).toEqual({
			kind: "unreachable",
			reason: "deactivated",
		});
		expect(found["robot@example.org"]).toMatchObject({ reason: "bot" });
		expect(found["slackbot@example.org"]).toMatchObject({ reason: "bot" });
		expect(found["guest@example.org"]).toMatchObject({ reason: "guest" });
		expect(found["single@example.org"]).toMatchObject({ reason: "guest" });
		expect(found["moved@example.org"]).toEqual({
			kind: "found",
			userId: "U0NEW",
		});
		expect(found["nobody@example.org"]).toMatchObject({ reason: "not_found" });
		// 437 members at 200 a page: three pages, each paced at Tier 2, every call as the spec declares it.
		const pages = fake.callsTo("users.list");
		expect(pages.map((c) => c.params.limit)).toEqual(["200", "200", "200"]);
		expect(pages.map((c) => c.params.include_locale)).toEqual([
			"true",
			"true",
			"true",
		]);
		expect(pages[0]?.params.cursor).toBeUndefined();
		expect(pages[1]?.params.cursor).toBeTruthy();
		for (const [i, c] of pages.entries())
			if (i > 0)
				expect(c.at - (pages[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(3000);
		expect(pages.some((c) => c.rateLimited)).toBe(false);
		for (const call of fake.calls)
			expect(validateSlackCall(call.method, call.params)).toEqual([]);
		expect(progress.at(-1)).toBe(emails.length);
	});

	it("honours Retry-After when it calls faster than Tier 2 allows, and still finds everyone", async () => {
		const many = Array.from({ length: 21 }, (_, i) => `person${i}@example.org`);
		const limited: number[] = [];
		const fast = directory({
			listPerMinute: 600,
			pageSize: 15,
			onRateLimited: (_m, ms) => limited.push(ms),
		});
		const results = await fast.resolve(many);
		expect(results.every((r) => r.outcome.kind === "found")).toBe(true);
		const calls = fake.callsTo("users.list");
		const refused = calls.filter((c) => c.rateLimited);
		expect(refused.length).toBeGreaterThan(0);
		expect(limited.length).toBe(refused.length);
		// After each 429 the next call waits at least its Retry-After.
		for (const [i, c] of calls.entries()) {
			if (!c.rateLimited) continue;
			const next = calls[i + 1];
			if (next)
				expect(next.at - c.at).toBeGreaterThanOrEqual(limited[0] ?? 1000);
		}
		// Every page was fetched exactly once successfully: 437 members / 15.
		expect(calls.filter((c) => !c.rateLimited)).toHaveLength(30);
	});

	it("says the app needs users:read.email when Slack lists people without emails", async () => {
		fake.withholdScope("users:read.email");
		const err = await directory()
			.resolve(Array.from({ length: 20 }, (_, i) => `person${i}@example.org`))
			.catch((e: unknown) => e);
		expect(err).toBeInstanceOf(DirectoryError);
		expect(err).toMatchObject({ code: "missing-scope" });
		expect(String((err as Error).message)).toContain("users:read.email");
	});

	it("lists every workspace of an Enterprise Grid org-wide install by team_id", async () => {
		const grid = await FakeSlackApi.start({ botToken: token });
		try {
			grid.useEnterpriseGrid(["T0NORTH", "T0SOUTH"]);
			for (let i = 0; i < 15; i++)
				grid.addUser({
					id: `W${100 + i}`,
					email: `p${i}@example.org`,
					teamId: i % 2 === 0 ? "T0NORTH" : "T0SOUTH",
				});
			const dir = new SlackDirectory({
				token,
				apiUrl: grid.apiUrl,
				clock: virtualClock(),
			});
			const emails = Array.from({ length: 15 }, (_, i) => `p${i}@example.org`);
			const results = await dir.resolve(emails);
			expect(results.every((r) => r.outcome.kind === "found")).toBe(true);
			expect(grid.callsTo("users.list").map((c) => c.params.team_id)).toEqual([
				"T0NORTH",
				"T0SOUTH",
			]);
			for (const call of grid.calls)
				expect(validateSlackCall(call.method, call.params)).toEqual([]);
		} finally {
			await grid.close();
		}
	});
});

describe("SlackDirectory over users.lookupByEmail", () => {
	// users.lookupByEmail has no include_locale: people looked up one by one come without a locale.
	it("looks a handful of late additions up one by one, not by listing everyone", async () => {
		const results = await directory().resolve([
			"PERSON7@example.org",
			"gone@example.org",
			"nobody@example.org",
		]);
		expect(byEmail(results)).toEqual({
			"person7@example.org": { kind: "found", userId: "U1007" },
			"gone@example.org": { kind: "unreachable", reason: "deactivated" },
			"nobody@example.org": { kind: "unreachable", reason: "not_found" },
		});
		expect(fake.callsTo("users.list")).toHaveLength(0);
		expect(fake.callsTo("users.lookupByEmail")).toHaveLength(3);
		for (const call of fake.calls)
			expect(validateSlackCall(call.method, call.params)).toEqual([]);
	});
});

describe("the fake Slack's user objects", () => {
	it("carry `locale` only when the call asks for it (include_locale), as Slack's do", async () => {
		const client = new WebClient(token, { slackApiUrl: fake.apiUrl });
		const members = async (args: Record<string, unknown>) =>
			(
				(await client.apiCall("users.list", { limit: 5, ...args })) as {
					members?: Record<string, unknown>[];
				}
			).members ?? [];
		const plain = await members({});
		expect(plain).toHaveLength(5);
		for (const m of plain) expect(m).not.toHaveProperty("locale");
		const withLocale = await members({ include_locale: true });
		expect(withLocale.map((m) => m.locale)).toEqual([
			"en-US",
			"cy-GB",
			"en-US",
			"en-US",
			"en-US",
		]);
		const info = async (args: Record<string, unknown>) =>
			(
				(await client.apiCall("users.info", { user: "U1001", ...args })) as {
					user?: Record<string, unknown>;
				}
			).user;
		expect(await info({})).not.toHaveProperty("locale");
		expect((await info({ include_locale: true }))?.locale).toBe("cy-GB");
		const looked = (await client.apiCall("users.lookupByEmail", {
			email: "person1@example.org",
		})) as { user?: Record<string, unknown> };
		expect(looked.user).not.toHaveProperty("locale");
		for (const call of fake.calls)
			expect(validateSlackCall(call.method, call.params)).toEqual([]);
	});
});
