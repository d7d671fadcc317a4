import { describe, expect, it } from "vitest";
import { DndCache } from "../../../src/chat/slack/dnd-cache.js";
import {
	type DndLookup,
	DndLookupUnavailable,
} from "../../../src/chat/slack/slack-dnd-lookup.js";
import type { DoNotDisturb } from "../../../src/domain/deliveries/do-not-disturb.js";
import { createLogger } from "../../../src/logger.js";
import { until } from "../../support/until.js";

const inDnd: DoNotDisturb = {
	scheduleEnabled: true,
	nextStart: new Date(0),
	nextEnd: new Date(10_000_000),
	snoozeEnd: null,
};

/** A lookup that records the batches it was asked for and answers with `answer`. */
function recording(
	answer: (users: string[]) => Promise<Map<string, DoNotDisturb>>,
) {
	const batches: string[][] = [];
	const lookup: DndLookup = (users) => {
		batches.push(users);
		return answer(users);
	};
	return { batches, lookup };
}

function setup(
	answer: Parameters<typeof recording>[0],
	ttlMs = 1000,
	upcoming?: () => Promise<string[]>,
) {
	let now = 1_000;
	const logs: string[] = [];
	const { batches, lookup } = recording(answer);
	const cache = new DndCache(
		lookup,
		createLogger("warn", { write: (l: string) => void logs.push(l) }),
		{ ttlMs, now: () => now, ...(upcoming ? { upcoming } : {}) },
	);
	return {
		cache,
		batches,
		logs,
		advance: (ms: number) => {
			now += ms;
		},
	};
}

/** Waits (briefly) for background work to satisfy `check`. */

const users = (n: number, from = 0) =>
	Array.from({ length: n }, (_, i) => `U${i + from}`);

describe("DndCache", () => {
	it("looks up the users asked about together in batches of 50, once each", async () => {
		const { cache, batches } = setup(
			async (u) => new Map(u.filter((x) => x === "U3").map((x) => [x, inDnd])),
		);
		const asked = [...users(120), "U3", "U7"];
		const states = await Promise.all(asked.map((u) => cache.stateOf(u)));
		expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
		expect(new Set(batches.flat()).size).toBe(120);
		expect(states[3]).toEqual(inDnd);
		expect(states[120]).toEqual(inDnd);
		expect(states[4]?.scheduleEnabled).toBe(false);
	});

	it("looks up the next users due ahead of their turn, so one call serves the next 50 sends", async () => {
		const t = setup(
			async (u) => new Map(u.filter((x) => x === "U30").map((x) => [x, inDnd])),
			1000,
			async () => ["U1", ...users(80, 2)],
		);
		await t.cache.stateOf("U1");
		await until(() => t.batches.length === 2, 1000, "the second batch", 1);
		expect(t.batches).toContainEqual(["U1"]);
		expect(t.batches).toContainEqual(users(50, 2));
		expect(await t.cache.stateOf("U30")).toEqual(inDnd);
		await t.cache.stateOf("U51");
		expect(t.batches).toHaveLength(2);
		// Fewer than 25 looked-up-ahead users left unasked: the next ones are looked up, once.
		for (const u of users(24, 2)) await t.cache.stateOf(u);
		await until(() => t.batches.length === 3, 1000, "the third batch", 1);
		expect(t.batches[2]).toEqual(users(30, 52));
		for (const u of users(10, 26)) await t.cache.stateOf(u);
		await new Promise((r) => setTimeout(r, 10));
		expect(t.batches).toHaveLength(3);
	});

	it("looks up what was asked for even when the upcoming users cannot be read", async () => {
		const t = setup(
			async () => new Map([["U1", inDnd]]),
			1000,
			async () => {
				throw new Error("redis down");
			},
		);
		expect(await t.cache.stateOf("U1")).toEqual(inDnd);
		await new Promise((r) => setTimeout(r, 5));
		expect(t.batches).toEqual([["U1"]]);
	});

	it("keeps answers for its time to live, then asks again", async () => {
		const t = setup(async () => new Map(), 1000);
		await t.cache.stateOf("U1");
		t.advance(999);
		await t.cache.stateOf("U1");
		expect(t.batches).toHaveLength(1);
		t.advance(2);
		await t.cache.stateOf("U1");
		expect(t.batches).toHaveLength(2);
	});

	it("answers null while Slack asked to be left alone, then asks again; warns once per reason", async () => {
		let fail: Error | null = new DndLookupUnavailable("rate_limited", 30_000);
		const t = setup(async () => {
			if (fail) throw fail;
			return new Map([["U2", inDnd]]);
		});
		expect(await t.cache.stateOf("U1")).toBeNull();
		t.advance(10_000);
		expect(await t.cache.stateOf("U2")).toBeNull();
		expect(t.batches).toHaveLength(1);
		t.advance(20_001);
		expect(await t.cache.stateOf("U1")).toBeNull();
		expect(t.batches).toHaveLength(2);
		fail = new DndLookupUnavailable("missing_scope", 900_000);
		t.advance(30_001);
		expect(await t.cache.stateOf("U1")).toBeNull();
		t.advance(900_001);
		fail = null;
		expect(await t.cache.stateOf("U2")).toEqual(inDnd);
		const warned = t.logs.map((l) => JSON.parse(l).code);
		expect(warned).toEqual(["rate_limited", "missing_scope"]);
	});

	it("treats any other failure as unknown for 30 s, never as an error for the caller", async () => {
		const t = setup(async () => {
			throw new Error("boom");
		});
		await expect(t.cache.stateOf("U1")).resolves.toBeNull();
		t.advance(29_000);
		await expect(t.cache.stateOf("U1")).resolves.toBeNull();
		expect(t.batches).toHaveLength(1);
	});
});
