import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDrive } from "../../src/demo/run-drive.js";
import {
	slackAdminConsole,
	slackEmployees,
} from "../../src/demo/slack-drive-parts.js";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import {
	teamsEmployees,
	teamsUserOf,
} from "../../src/demo/teams-drive-parts.js";
import type { CampaignReport } from "../../src/domain/reporting/campaign-report.js";
import { personalConversationId } from "../../src/sim/fake-bot-connector.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
	testTeamsApp,
} from "../support/start-test-census.js";

/**
 * One campaign across Slack and Teams (every other person on Teams): one drive, one set of rates, one report
 * posted once, whichever platform each answer came through.
 */
describe("a 50-person census drive across Slack and Teams", () => {
	let t: TestCensus;
	let people: SyntheticEmployee[];
	let report: CampaignReport;
	let statusText: string;

	beforeAll(async () => {
		people = generateOrganisation(50, 9, "both");
		const admin = people[0] as SyntheticEmployee;
		t = await startTestCensus({
			admins: [admin.slackUserId],
			label: "mixede2e",
			teams: {},
		});
		const connector = t.connector;
		if (!connector) throw new Error("no connector");
		expect(await importPeople(t, people)).toBe(0);
		const result = await runDrive({
			runtime: t.runtime,
			admin: slackAdminConsole(t.fake, t.sim, admin.slackUserId),
			employees: {
				slack: slackEmployees(t.fake, t.sim),
				teams: teamsEmployees({
					connector,
					sender: new TeamsActivitySender({
						messagesUrl: `${t.runtime.url}/api/messages`,
						appId: testTeamsApp.appId,
						signer: connector.signer,
					}),
					ctx: {
						serviceUrl: connector.serviceUrl,
						tenantId: testTeamsApp.tenantId,
						appId: testTeamsApp.appId,
					},
				}),
			},
			people,
			questions: ["key", "school", "fsm", "parents_degree"],
			closesOn: new Date(Date.now() + 7 * 86_400_000)
				.toISOString()
				.slice(0, 10),
		});
		report = result.report;
		statusText = result.statusText;
	}, 120_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("reaches each person once, on the platform the roster gives", () => {
		const sends = t.connector?.delivered("send") ?? [];
		for (const p of people) {
			const slack = t.fake.messagesTo(p.slackUserId).length;
			const teams = sends.filter(
				(c) =>
					c.conversationId === personalConversationId(p.teamsUserId) ||
					c.conversationId === personalConversationId(teamsUserOf(p).id),
			).length;
			expect([slack, teams], p.email).toEqual(
				p.platform === "slack" ? [1, 0] : [0, 1],
			);
		}
	});

	it("tallies both platforms' answers into one report, posted once", async () => {
		const answered = people.filter((p) => p.behaviour === "answers");
		expect(
			answered.filter((p) => p.platform === "teams").length,
		).toBeGreaterThan(10);
		expect(
			answered.filter((p) => p.platform === "slack").length,
		).toBeGreaterThan(10);
		expect(report.invited).toBe(people.length);
		expect(report.responded).toBe(answered.length);
		// Status counted everyone, whichever platform they answered on.
		expect(statusText).toContain(
			`${Math.round((100 * answered.length) / people.length)}% responded`,
		);
		expect(t.fake.messagesTo("#leadership")).toHaveLength(1);
		const rows = await t.runtime.prisma.$queryRawUnsafe<{ n: number }[]>(
			"select count(*)::int as n from campaign",
		);
		expect(rows[0]?.n).toBe(1);
	});
});
