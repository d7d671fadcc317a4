import { describe, expect, it } from "vitest";
import {
	isTeamsChannel,
	type RoutingFacts,
	routeDelivery,
} from "../../../src/domain/deliveries/platform.js";

const person = (
	slackUserId: string | null,
	teamsUserId: string | null,
): RoutingFacts => ({
	kind: "invite",
	recipient: "00000000-0000-4000-8000-000000000001",
	slackUserId,
	teamsUserId,
});

describe("routeDelivery", () => {
	it("reaches a person on the first configured platform the roster has an id for, Slack first", () => {
		const both = ["slack", "teams"] as const;
		expect(routeDelivery(person("U1", "29:a"), both)).toBe("slack");
		expect(routeDelivery(person(null, "29:a"), both)).toBe("teams");
		expect(routeDelivery(person("U1", null), both)).toBe("slack");
		expect(routeDelivery(person("U1", "29:a"), ["teams"])).toBe("teams");
		expect(routeDelivery(person("U1", "29:a"), ["teams", "slack"])).toBe(
			"teams",
		);
	});

	it("sends someone with no usable id to the first platform, which reports them undeliverable", () => {
		expect(routeDelivery(person(null, null), ["teams", "slack"])).toBe("teams");
		expect(routeDelivery(person("U1", null), ["teams"])).toBe("teams");
		expect(routeDelivery(person(null, null), [])).toBe("slack");
	});

	it("posts to a channel on the platform the channel belongs to", () => {
		const post = (recipient: string): RoutingFacts => ({
			kind: "post",
			recipient,
			slackUserId: null,
			teamsUserId: null,
		});
		const both = ["slack", "teams"] as const;
		expect(routeDelivery(post("19:abc_DEF-1.2@thread.tacv2"), both)).toBe(
			"teams",
		);
		expect(routeDelivery(post("19:xyz@thread.skype"), both)).toBe("teams");
		expect(routeDelivery(post("C0123ABC"), both)).toBe("slack");
		expect(routeDelivery(post("C0123ABC"), ["teams"])).toBe("teams");
	});

	it("sends a notice to the platform of the user id it names, whatever the channel's platform", () => {
		const notice = (recipient: string): RoutingFacts => ({
			kind: "notice",
			recipient,
			slackUserId: null,
			teamsUserId: null,
		});
		const both = ["slack", "teams"] as const;
		expect(routeDelivery(notice("U0ADMIN1"), both)).toBe("slack");
		expect(routeDelivery(notice("W0ADMIN2"), ["teams", "slack"])).toBe("slack");
		expect(routeDelivery(notice("29:admin-bot-scoped"), both)).toBe("teams");
		expect(
			routeDelivery(notice("00000000-0000-4000-8000-00000000ad01"), both),
		).toBe("teams");
		// Only Teams configured: a Teams admin's notice goes there (it went to Slack's queue as a "post").
		expect(
			routeDelivery(notice("00000000-0000-4000-8000-00000000ad01"), ["teams"]),
		).toBe("teams");
	});

	it("tells Teams channel ids from everything else", () => {
		expect(isTeamsChannel("19:abc@thread.tacv2")).toBe(true);
		expect(isTeamsChannel("19:abc@thread.v2")).toBe(false);
		expect(isTeamsChannel("#leadership")).toBe(false);
		expect(isTeamsChannel("19:a b@thread.tacv2")).toBe(false);
	});
});
