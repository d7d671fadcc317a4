import { describe, expect, it } from "vitest";
import { routeReportPoster } from "../../src/chat/route-report-poster.js";
import { sampleReport } from "../support/sample-report.js";

const report = sampleReport();
const teamsChannel = "19:leadership@thread.tacv2";

/** A platform's poster that records where it was asked to post. */
function recording(platform: "slack" | "teams", posts: string[]) {
	return {
		platform,
		postReport: async (channel: string) => {
			posts.push(`${platform} ${channel}`);
		},
	};
}

describe("routeReportPoster", () => {
	it("posts on the platform the channel is on, whichever platform asked", async () => {
		const posts: string[] = [];
		const post = routeReportPoster([
			recording("slack", posts),
			recording("teams", posts),
		]);
		await post(teamsChannel, report);
		await post("C0LEADERS", report);
		expect(posts).toEqual([`teams ${teamsChannel}`, "slack C0LEADERS"]);
	});

	it("refuses, with the platform's name, a channel on a platform this process is not configured for", async () => {
		const posts: string[] = [];
		const slackOnly = routeReportPoster([recording("slack", posts)]);
		await expect(slackOnly(teamsChannel, report)).rejects.toThrow(
			"the report's channel is in Teams, and Teams is not configured here",
		);
		const teamsOnly = routeReportPoster([recording("teams", posts)]);
		await expect(teamsOnly("C0LEADERS", report)).rejects.toThrow(
			"the report's channel is in Slack, and Slack is not configured here",
		);
		expect(posts).toEqual([]);
	});
});
