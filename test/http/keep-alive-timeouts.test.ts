import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyKeepAliveTimeouts } from "../../src/http/keep-alive-timeouts.js";
import {
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";

/** Blocks this thread for `ms` without spinning a core: the whole process stands still, as on a starved machine. */
function standStill(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The full-size fuzz run (F1, seed 20261205, path 27, load ~22) saw a slash command fail with `read ECONNRESET`: the
 * server (Node's default 5 s keep-alive) closed an idle connection just as the client, whose idle clock (undici's)
 * only advances when its timer ticks run, reused it. The app must keep idle connections longer than its callers do.
 */
describe("idle keep-alive connections to the app", () => {
	let t: TestCensus;

	beforeAll(async () => {
		t = await startTestCensus({ admins: [], label: "keepalive" });
	}, 120_000);
	afterAll(async () => {
		await t?.stop();
	});

	const batch = () =>
		Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				t.sim.slashCommand(`U0KEEP${i}`, "/census", "help"),
			),
		);

	it("are not closed under a request the client sends on one after the process stood still for 5.5 s", async () => {
		// Twenty at once, as the fuzz batches: twenty pooled connections, then idle.
		expect((await batch()).map((r) => r.status)).toEqual(Array(20).fill(200));
		standStill(5_500);
		// A reset connection rejects (`fetch failed`, `ECONNRESET`) instead of answering.
		const again = await batch();
		expect(again.map((r) => r.status)).toEqual(Array(20).fill(200));
	}, 60_000);
});

/** Closing must not wait out the long keep-alive timeout: a shutdown has 25 s in all. */
describe("closing a server with the long keep-alive timeout", () => {
	async function listen(answerAfterMs: number) {
		const server = createServer((_req, res) => {
			setTimeout(() => res.end("ok"), answerAfterMs);
		});
		await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
		const { port } = server.address() as AddressInfo;
		return {
			url: `http://127.0.0.1:${port}/`,
			listening: applyKeepAliveTimeouts(server),
		};
	}

	it("closes a connection that was busy answering as soon as its answer is written, telling the client", async () => {
		const { url, listening } = await listen(300);
		const answer = fetch(url);
		await new Promise((r) => setTimeout(r, 100));
		const started = performance.now();
		await listening.close();
		const res = await answer;
		expect(res.status).toBe(200);
		expect(res.headers.get("connection")).toBe("close");
		expect(await res.text()).toBe("ok");
		expect(performance.now() - started).toBeLessThan(10_000);
	}, 30_000);

	it("closes idle connections at once", async () => {
		const { url, listening } = await listen(0);
		expect(await (await fetch(url)).text()).toBe("ok");
		const started = performance.now();
		await listening.close();
		expect(performance.now() - started).toBeLessThan(10_000);
	}, 30_000);
});
