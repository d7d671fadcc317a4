import { describe, expect, it } from "vitest";
import { acceptsTeamsTenant } from "../../../src/chat/request-gate/accepts-teams-tenant.js";

const ours = "tenant-ours";
const other = "tenant-other";
const activity = (channelData?: string, conversation?: string) => ({
	conversation: conversation === undefined ? {} : { tenantId: conversation },
	...(channelData === undefined
		? {}
		: { channelData: { tenant: { id: channelData } } }),
});

describe("acceptsTeamsTenant", () => {
	it("accepts an activity whose every tenant field names ours", () => {
		expect(acceptsTeamsTenant(activity(ours, ours), ours)).toBe(true);
		expect(acceptsTeamsTenant(activity(ours), ours)).toBe(true);
		expect(acceptsTeamsTenant(activity(undefined, ours), ours)).toBe(true);
	});

	it("refuses one that names another tenant in either field, or none at all", () => {
		expect(acceptsTeamsTenant(activity(ours, other), ours)).toBe(false);
		expect(acceptsTeamsTenant(activity(other, ours), ours)).toBe(false);
		expect(acceptsTeamsTenant(activity(other), ours)).toBe(false);
		expect(acceptsTeamsTenant(activity(undefined, other), ours)).toBe(false);
		expect(acceptsTeamsTenant(activity(), ours)).toBe(false);
	});
});
