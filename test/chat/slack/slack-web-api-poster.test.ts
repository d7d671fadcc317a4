import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
	SlackPostUnclear,
	SlackWebApiPoster,
} from "../../../src/chat/slack/slack-web-api-poster.js";
import { FakeSlackApi } from "../../../src/sim/fake-slack-api.js";
import { validateSlackCall } from "../../support/slack-method-check.js";

const token = "xoxb-poster";
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

const post = (channel: string) =>
	poster.post(
		"chat.postMessage",
		JSON.stringify({
			channel,
			text: "Hello",
			blocks: [{ type: "section", text: { type: "mrkdwn", text: "Hello" } }],
		}),
	);

describe("SlackWebApiPoster", () => {
	it("posts JSON that Slack reads as the same arguments WebClient sends", async () => {
		const result = await post("U1");
		expect(result).toMatchObject({
			kind: "ok",
			body: { ok: true, channel: fake.dmChannelFor("U1") },
		});
		const [message] = fake.messagesTo("U1");
		expect(message?.blocks).toHaveLength(1);
		for (const call of fake.calls)
			expect(validateSlackCall(call.method, call.params)).toEqual([]);
	});

	it("reuses connections across many concurrent calls", async () => {
		const results = await Promise.all(
			Array.from({ length: 300 }, (_, i) => post(`U${i}`)),
		);
		expect(results.every((r) => r.kind === "ok")).toBe(true);
		expect(fake.callsTo("chat.postMessage")).toHaveLength(300);
	});

	it("returns Slack's refusal", async () => {
		fake.refuseDmsTo("U2", "user_disabled");
		expect(await post("U2")).toEqual({
			kind: "refused",
			error: "user_disabled",
		});
		const wrong = new SlackWebApiPoster("xoxb-wrong", fake.apiUrl);
		try {
			expect(await wrong.post("chat.postMessage", '{"channel":"U1"}')).toEqual({
				kind: "refused",
				error: "invalid_auth",
			});
		} finally {
			wrong.close();
		}
	});

	it("returns a 429 with its Retry-After", async () => {
		const limited = await FakeSlackApi.start({
			botToken: token,
			rateLimitPerSecond: 1,
		});
		const p = new SlackWebApiPoster(token, limited.apiUrl);
		try {
			const body = '{"channel":"U1","text":"x"}';
			expect((await p.post("chat.postMessage", body)).kind).toBe("ok");
			expect(await p.post("chat.postMessage", body)).toEqual({
				kind: "rate-limited",
				retryAfterMs: 1000,
			});
		} finally {
			p.close();
			await limited.close();
		}
	});

	it("throws when the answer is unclear: a 5xx, or a connection dropped after posting", async () => {
		const faulty = await FakeSlackApi.start({
			botToken: token,
			faults: {
				seed: 1,
				acceptThenDrop: 0,
				dropBeforePosting: 0,
				serverError: 1,
				rateLimit: 0,
			},
		});
		const p = new SlackWebApiPoster(token, faulty.apiUrl);
		try {
			await expect(
				p.post("chat.postMessage", '{"channel":"U1","text":"x"}'),
			).rejects.toBeInstanceOf(SlackPostUnclear);
		} finally {
			p.close();
			await faulty.close();
		}
		fake.dropAnswersForDmsTo("U3");
		await expect(post("U3")).rejects.toThrow();
		expect(fake.messagesTo("U3")).toHaveLength(1);
	});

	it("waits for a slow answer longer than it keeps idle connections", async () => {
		const { createServer } = await import("node:http");
		const slow = createServer((_req, res) => {
			setTimeout(() => {
				res.setHeader("content-type", "application/json");
				res.end('{"ok":true,"channel":"D1","ts":"1.2"}');
			}, 2500);
		});
		await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
		const address = slow.address();
		const port = typeof address === "object" && address ? address.port : 0;
		const p = new SlackWebApiPoster(token, `http://127.0.0.1:${port}/api/`);
		try {
			await expect(
				p.post("chat.postMessage", '{"channel":"U1"}'),
			).resolves.toMatchObject({ kind: "ok" });
		} finally {
			p.close();
			slow.closeAllConnections();
			await new Promise((r) => slow.close(r));
		}
	});

	it("gives up on a call that gets no answer in time", async () => {
		const { createServer } = await import("node:http");
		const silent = createServer(() => undefined);
		await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
		const address = silent.address();
		const port = typeof address === "object" && address ? address.port : 0;
		const p = new SlackWebApiPoster(
			token,
			`http://127.0.0.1:${port}/api/`,
			200,
		);
		try {
			await expect(p.post("chat.postMessage", "{}")).rejects.toThrow(
				/did not answer in time/,
			);
		} finally {
			p.close();
			silent.closeAllConnections();
			await new Promise((r) => silent.close(r));
		}
	});
});
