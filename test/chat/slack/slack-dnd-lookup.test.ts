import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
	createSlackDndLookup,
	DndLookupUnavailable,
} from "../../../src/chat/slack/slack-dnd-lookup.js";
import { SlackWebApiPoster } from "../../../src/chat/slack/slack-web-api-poster.js";
import { FakeSlackApi } from "../../../src/sim/fake-slack-api.js";
import { validateSlackCall } from "../../support/slack-method-check.js";

const token = "xoxb-dnd";
let fake: FakeSlackApi;
let lookup: ReturnType<typeof createSlackDndLookup>;
let poster: SlackWebApiPoster;

beforeEach(async () => {
	fake = await FakeSlackApi.start({ botToken: token });
	poster = new SlackWebApiPoster(token, fake.apiUrl);
	lookup = createSlackDndLookup((method, fields) =>
		poster.postForm(method, fields),
	);
});
afterEach(async () => {
	poster.close();
	await fake.close();
});

describe("createSlackDndLookup", () => {
	it("reads each user's schedule from dnd.teamInfo, in a call Slack's spec accepts", async () => {
		fake.setDoNotDisturb("U1", {
			start: 1_800_000_000_000,
			end: 1_800_003_600_000,
		});
		const states = await lookup(["U1", "U2"]);
		expect(states.get("U1")).toEqual({
			scheduleEnabled: true,
			nextStart: new Date(1_800_000_000_000),
			nextEnd: new Date(1_800_003_600_000),
			snoozeEnd: null,
		});
		expect(states.get("U2")).toEqual({
			scheduleEnabled: false,
			nextStart: null,
			nextEnd: null,
			snoozeEnd: null,
		});
		const [call] = fake.callsTo("dnd.teamInfo");
		expect(call?.params).toMatchObject({ users: "U1,U2" });
		expect(validateSlackCall("dnd.teamInfo", call?.params ?? {})).toEqual([]);
	});

	it("says how long to leave lookups alone when Slack will not answer", async () => {
		fake.withholdScope("dnd:read");
		await expect(lookup(["U1"])).rejects.toEqual(
			new DndLookupUnavailable("missing_scope", 15 * 60_000),
		);
		fake.withholdScope("dnd:read", true);
		fake.rateLimitMethod("dnd.teamInfo", 20);
		const limited = await lookup(["U1"]).catch((e: unknown) => e);
		expect(limited).toBeInstanceOf(DndLookupUnavailable);
		expect(limited).toMatchObject({
			reason: "rate_limited",
			retryAfterMs: 20_000,
		});
		await fake.close();
		await expect(lookup(["U1"])).rejects.toMatchObject({ reason: "network" });
	});
});
