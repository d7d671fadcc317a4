import { ErrorCode, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeSlackApi } from "../../src/sim/fake-slack-api.js";
import { validateSlackCall } from "../support/slack-method-check.js";

const token = "xoxb-fake-token";
let fake: FakeSlackApi;
let client: WebClient;

beforeEach(async () => {
	fake = await FakeSlackApi.start({ botToken: token });
	client = new WebClient(token, {
		slackApiUrl: fake.apiUrl,
		retryConfig: { retries: 0 },
	});
});
afterEach(async () => {
	await fake.close();
});

describe("FakeSlackApi with the real WebClient", () => {
	it("answers auth.test like Slack", async () => {
		const res = await client.auth.test();
		expect(res).toMatchObject({
			ok: true,
			team_id: "T0FAKE",
			user_id: "U0BOT",
			bot_id: "B0BOT",
		});
	});

	it("posts a DM to a user on a stable D channel and updates it", async () => {
		const blocks = [
			{ type: "section", text: { type: "mrkdwn", text: "Hello" } },
		];
		const first = await client.chat.postMessage({
			channel: "U123",
			text: "Hello",
			blocks,
		});
		expect(first.channel).toMatch(/^D[A-Z0-9]+$/);
		expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
		const second = await client.chat.postMessage({
			channel: "U123",
			text: "Again",
		});
		expect(second.channel).toBe(first.channel);
		expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
		expect(fake.callsTo("chat.postMessage")[0]?.params.blocks).toEqual(blocks);

		await client.chat.update({
			channel: first.channel as string,
			ts: first.ts as string,
			text: "Changed",
		});
		const messages = fake.messagesTo("U123");
		expect(messages.map((m) => [m.text, m.updates])).toEqual([
			["Changed", 1],
			["Again", 0],
		]);
		expect(messages[0]?.blocks).toEqual(blocks);
		await expect(
			client.chat.update({
				channel: first.channel as string,
				ts: "1.2",
				text: "x",
			}),
		).rejects.toMatchObject({ data: { error: "message_not_found" } });
	});

	it("maps channel names to one stable C id", async () => {
		const a = await client.chat.postMessage({
			channel: "#leadership",
			text: "report",
		});
		const b = await client.chat.postMessage({
			channel: "leadership",
			text: "report 2",
		});
		expect(a.channel).toMatch(/^C/);
		expect(b.channel).toBe(a.channel);
		expect(fake.messagesTo("#leadership")).toHaveLength(2);
		const opened = await client.conversations.open({ users: "U123" });
		expect(opened.channel?.id).toBe(fake.dmChannelFor("U123"));
	});

	it("opens a modal only with a fresh trigger issued by the fake", async () => {
		const view = {
			type: "modal" as const,
			callback_id: "q",
			title: { type: "plain_text" as const, text: "Q" },
			blocks: [],
		};
		const trigger = fake.issueTriggerId("U123");
		const res = await client.views.open({ trigger_id: trigger, view });
		expect(res.view?.id).toMatch(/^V/);
		expect(fake.openedViews("U123")).toHaveLength(1);
		expect(fake.openedViews()[0]).toMatchObject({
			callback_id: "q",
			private_metadata: "",
		});
		await expect(
			client.views.open({ trigger_id: trigger, view }),
		).rejects.toMatchObject({
			data: { error: "expired_trigger_id" },
		});
		await expect(
			client.views.open({ trigger_id: "123.456.abc", view }),
		).rejects.toMatchObject({
			data: { error: "expired_trigger_id" },
		});
		const old = fake.issueTriggerId("U123", Date.now() - 3500);
		await expect(
			client.views.open({ trigger_id: old, view }),
		).rejects.toMatchObject({
			data: { error: "expired_trigger_id" },
		});
	});

	it("publishes and updates views", async () => {
		await client.views.publish({
			user_id: "U123",
			view: { type: "home", blocks: [] },
		});
		const home = fake.homeView("U123");
		expect(home?.type).toBe("home");
		const opened = await client.views.open({
			trigger_id: fake.issueTriggerId("U123"),
			view: {
				type: "modal",
				title: { type: "plain_text", text: "A" },
				blocks: [],
			},
		});
		await client.views.update({
			view_id: opened.view?.id as string,
			view: {
				type: "modal",
				title: { type: "plain_text", text: "B" },
				blocks: [],
				private_metadata: "m",
			},
		});
		expect(fake.openedViews()[0]).toMatchObject({
			id: opened.view?.id,
			private_metadata: "m",
		});
	});

	it("supports filesUploadV2 end to end", async () => {
		const data = Buffer.from("a,b\n1,2\n");
		const res = await client.filesUploadV2({
			channel_id: "C0LEADERS",
			file: data,
			filename: "report.csv",
			title: "Report",
			initial_comment: "Here it is",
		});
		expect(res.ok).toBe(true);
		const [file] = fake.uploadedFiles();
		expect(file).toMatchObject({
			filename: "report.csv",
			title: "Report",
			completed: true,
			channelId: "C0LEADERS",
		});
		expect(file?.bytes?.equals(data)).toBe(true);
	});

	it("records response_url posts", async () => {
		const url = fake.newResponseUrl();
		const res = await fetch(url, {
			method: "POST",
			body: JSON.stringify({ text: "hi" }),
		});
		expect(res.status).toBe(200);
		expect(fake.responses).toEqual([{ url, body: { text: "hi" } }]);
	});

	it("rejects a wrong token and unknown methods", async () => {
		const bad = new WebClient("xoxb-wrong", {
			slackApiUrl: fake.apiUrl,
			retryConfig: { retries: 0 },
		});
		await expect(bad.auth.test()).rejects.toMatchObject({
			code: ErrorCode.PlatformError,
			data: { error: "invalid_auth" },
		});
		await expect(client.apiCall("no.such.method")).rejects.toMatchObject({
			data: { error: "unknown_method" },
		});
		expect(fake.calls.map((c) => [c.method, c.error])).toEqual([
			["auth.test", "invalid_auth"],
			["no.such.method", "unknown_method"],
		]);
	});

	it("rate-limits chat.postMessage with HTTP 429", async () => {
		const limited = await FakeSlackApi.start({ rateLimitPerSecond: 2 });
		try {
			const c = new WebClient(token, {
				slackApiUrl: limited.apiUrl,
				retryConfig: { retries: 0 },
				rejectRateLimitedCalls: true,
			});
			await c.chat.postMessage({ channel: "U1", text: "1" });
			await c.chat.postMessage({ channel: "U1", text: "2" });
			await expect(
				c.chat.postMessage({ channel: "U1", text: "3" }),
			).rejects.toMatchObject({
				code: ErrorCode.RateLimitedError,
				retryAfter: 1,
			});
			expect(limited.messagesTo("U1")).toHaveLength(2);
			expect(
				limited.callsTo("chat.postMessage").map((x) => x.rateLimited ?? false),
			).toEqual([false, false, true]);
		} finally {
			await limited.close();
		}
	});
});

describe("dnd.teamInfo", () => {
	it("reports each user's Do Not Disturb window, for up to 50 users per call", async () => {
		const start = Date.now() - 60_000;
		const end = Date.now() + 3_600_000;
		fake.setDoNotDisturb("U1", { start, end });
		const res = await client.dnd.teamInfo({ users: "U1,U2" });
		expect(res.users).toEqual({
			U1: {
				dnd_enabled: true,
				next_dnd_start_ts: Math.floor(start / 1000),
				next_dnd_end_ts: Math.floor(end / 1000),
			},
			U2: { dnd_enabled: false, next_dnd_start_ts: 1, next_dnd_end_ts: 1 },
		});
		for (const call of fake.calls)
			expect(validateSlackCall(call.method, call.params)).toEqual([]);
		fake.setDoNotDisturb("U1", null);
		const after = await client.dnd.teamInfo({ users: "U1" });
		expect(after.users?.U1?.dnd_enabled).toBe(false);
		const many = Array.from({ length: 51 }, (_, i) => `U${i}`).join(",");
		await expect(client.dnd.teamInfo({ users: many })).rejects.toMatchObject({
			data: { error: "too_many_users" },
		});
	});

	it("answers missing_scope when the app was installed without dnd:read", async () => {
		fake.withholdScope("dnd:read");
		await expect(client.dnd.teamInfo({ users: "U1" })).rejects.toMatchObject({
			code: ErrorCode.PlatformError,
			data: { error: "missing_scope", needed: "dnd:read" },
		});
		fake.withholdScope("dnd:read", true);
		await expect(client.dnd.teamInfo({ users: "U1" })).resolves.toMatchObject({
			ok: true,
		});
	});

	it("can answer 429 with a Retry-After for one method", async () => {
		const strict = new WebClient(token, {
			slackApiUrl: fake.apiUrl,
			retryConfig: { retries: 0 },
			rejectRateLimitedCalls: true,
		});
		fake.rateLimitMethod("dnd.teamInfo", 30);
		await expect(strict.dnd.teamInfo({ users: "U1" })).rejects.toMatchObject({
			code: ErrorCode.RateLimitedError,
			retryAfter: 30,
		});
		await expect(
			strict.chat.postMessage({ channel: "U1", text: "still fine" }),
		).resolves.toMatchObject({ ok: true });
		fake.rateLimitMethod("dnd.teamInfo", null);
		await expect(strict.dnd.teamInfo({ users: "U1" })).resolves.toMatchObject({
			ok: true,
		});
	});
});

describe("validateSlackCall", () => {
	it("checks methods and argument names against the spec", () => {
		expect(
			validateSlackCall("chat.postMessage", {
				channel: "C1",
				text: "x",
				blocks: [],
				token: "t",
			}),
		).toEqual([]);
		expect(
			validateSlackCall("chat.postMessage", ["channel", "nonsense_param"]),
		).toEqual(['"chat.postMessage" has no argument "nonsense_param"']);
		expect(validateSlackCall("chat.postMassage", {})).toHaveLength(1);
		expect(validateSlackCall("views.open", ["trigger_id", "view"])).toEqual([]);
		expect(
			validateSlackCall("files.completeUploadExternal", [
				"files",
				"channel_id",
			]),
		).toEqual([]);
	});

	it("accepts every call the WebClient made in a file upload", async () => {
		await client.filesUploadV2({
			channel_id: "C1",
			file: Buffer.from("x"),
			filename: "x.txt",
		});
		for (const call of fake.calls)
			expect(validateSlackCall(call.method, call.params)).toEqual([]);
	});

	it("describes a shared file with files.info and serves it only to the bot token with files:read", async () => {
		const shared = fake.shareFileFrom("U123", {
			name: "people.csv",
			content: "email\n",
		});
		const info = await client.files.info({ file: shared.id });
		expect(validateSlackCall("files.info", { file: shared.id })).toEqual([]);
		expect(info.file).toMatchObject({
			id: shared.id,
			name: "people.csv",
			size: 6,
			user: "U123",
			channels: [fake.dmChannelFor("U123")],
		});
		const url = String(info.file?.url_private_download);
		const get = (auth?: string) =>
			fetch(url, auth ? { headers: { Authorization: auth } } : {});
		expect((await get()).status).toBe(403);
		expect((await get("Bearer xoxb-other")).status).toBe(403);
		const ok = await get(`Bearer ${token}`);
		expect(ok.status).toBe(200);
		expect(await ok.text()).toBe("email\n");
		fake.withholdScope("files:read");
		expect((await get(`Bearer ${token}`)).status).toBe(403);
		await expect(client.files.info({ file: shared.id })).rejects.toMatchObject({
			data: { error: "missing_scope" },
		});
		expect(fake.fileDownloads.map((d) => d.authorized)).toEqual([
			false,
			false,
			true,
			false,
		]);
	});
});
