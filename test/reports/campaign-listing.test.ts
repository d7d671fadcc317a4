import { describe, expect, it } from "vitest";
import { campaignListing } from "../../src/reports/campaign-listing.js";

describe("campaignListing", () => {
	it("tells two campaigns of the same name apart by status and dates", () => {
		const out = campaignListing([
			{
				id: "b1",
				name: "Census 2026",
				status: "open",
				createdAt: new Date("2026-12-01T10:00:00Z"),
				closesOn: "2026-12-18",
				closedAt: null,
				publishedOn: null,
			},
			{
				id: "a1",
				name: "Census 2026",
				status: "closed",
				createdAt: new Date("2026-03-02T10:00:00Z"),
				closesOn: "2026-03-16",
				closedAt: new Date("2026-03-17T00:01:00Z"),
				publishedOn: "2026-03-18",
			},
		]);
		expect(out).toBe(
			[
				"2 campaigns, newest first:",
				"b1  open    Census 2026  (started 1 December 2026, closes at the end of 18 December 2026)",
				"a1  closed  Census 2026  (started 2 March 2026, closed 17 March 2026, posted 18 March 2026)",
				"",
				"Print one with --campaign ID (--format json or csv).",
				"",
			].join("\n"),
		);
	});

	it("keeps a name with line breaks on its one line, and says when there is nothing", () => {
		const out = campaignListing([
			{
				id: "c1",
				name: "Census\n2027",
				status: "closed",
				createdAt: new Date("2027-01-01T00:00:00Z"),
				closesOn: "2027-01-15",
				closedAt: new Date("2027-01-16T00:00:00Z"),
				publishedOn: null,
			},
		]);
		expect(out).toContain("c1  closed  Census 2027  (");
		expect(out).toContain("not posted yet");
		expect(out.startsWith("1 campaign, newest first:")).toBe(true);
		expect(campaignListing([])).toBe("No campaigns yet.\n");
	});
});
