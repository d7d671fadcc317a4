import type { ValidateFunction } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDrive } from "../../src/demo/run-drive.js";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import {
	cardIn,
	teamsAdminConsole,
	teamsEmployees,
	teamsUserOf,
} from "../../src/demo/teams-drive-parts.js";
import { roundPercent } from "../../src/domain/disclosure/round-percent.js";
import { catalogue } from "../../src/domain/questions/catalogue.js";
import type { CampaignReport } from "../../src/domain/reporting/campaign-report.js";
import {
	type FakeBotConnector,
	personalConversationId,
} from "../../src/sim/fake-bot-connector.js";
import type { TeamsActivityContext } from "../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import { compileCardSchema } from "../support/adaptive-card-schema.js";
import { decodePng } from "../support/decode-png.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
	testTeamsApp,
} from "../support/start-test-census.js";

const answerLabels = Object.values(catalogue).flatMap((q) =>
	q.options
		.filter((o) => o.id !== q.preferNotToSay && o.label.length > 12)
		.flatMap((o) => [o.label, o.text]),
);
const answerIds = Object.values(catalogue).flatMap((q) =>
	q.options.map((o) => o.id),
);
const channel = "19:leadership0e2e@thread.tacv2";

/**
 * A whole drive in Microsoft Teams: activities posted, signed, to `/api/messages` with `serviceUrl` pointing at the
 * fake Bot Connector, which records every call the bot makes. The admin types `census …` in personal chat;
 * employees answer through the cards' Action.Execute buttons; the report card is posted to a Teams channel.
 */
describe("a 50-person census drive through Teams", () => {
	let t: TestCensus;
	let connector: FakeBotConnector;
	let people: SyntheticEmployee[];
	let answered: SyntheticEmployee[];
	let report: CampaignReport;
	let validate: ValidateFunction;

	beforeAll(async () => {
		validate = compileCardSchema();
		// Seed 9 gives 17 / 13 / 14 classified answers, so every group is publishable.
		people = generateOrganisation(50, 9, "teams");
		const admin = people[0] as SyntheticEmployee;
		t = await startTestCensus({
			admins: [admin.teamsUserId],
			label: "teamse2e",
			teams: {},
		});
		if (!t.connector) throw new Error("no connector");
		connector = t.connector;
		expect(await importPeople(t, people)).toBe(0);
		const sender = new TeamsActivitySender({
			messagesUrl: `${t.runtime.url}/api/messages`,
			appId: testTeamsApp.appId,
			signer: connector.signer,
		});
		const ctx: TeamsActivityContext = {
			serviceUrl: connector.serviceUrl,
			tenantId: testTeamsApp.tenantId,
			appId: testTeamsApp.appId,
		};
		const result = await runDrive({
			runtime: t.runtime,
			admin: teamsAdminConsole({
				connector,
				sender,
				ctx,
				admin: teamsUserOf(admin),
				channel,
			}),
			employees: { teams: teamsEmployees({ connector, sender, ctx }) },
			people,
			questions: ["key", "school", "fsm", "parents_degree"],
			closesOn: new Date(Date.now() + 7 * 86_400_000)
				.toISOString()
				.slice(0, 10),
		});
		report = result.report;
		answered = people.filter((p) => p.behaviour === "answers");
	}, 120_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("sends every roster member exactly one invitation card, proactively, with both buttons", () => {
		const sends = connector.delivered("send");
		for (const p of people) {
			const theirs = new Set([
				personalConversationId(p.teamsUserId),
				personalConversationId(teamsUserOf(p).id),
			]);
			// The admin's chat also carries their commands' outcomes (the report preview among them), sent after each
			// command's turn: the invitations are the cards with the Answer button.
			const toThem = sends.filter(
				(c) =>
					theirs.has(c.conversationId ?? "") &&
					JSON.stringify(cardIn(c) ?? {}).includes('"verb":"census_answer"'),
			);
			expect(toThem, p.email).toHaveLength(1);
			const card = toThem[0] && cardIn(toThem[0]);
			expect(validate(card), JSON.stringify(validate.errors)).toBe(true);
			expect(JSON.stringify(card)).toContain('"verb":"census_answer"');
			expect(JSON.stringify(card)).toContain('"verb":"census_optout"');
		}
	});

	it("counts every answer once, across the cards, and publishes the ground truth", async () => {
		expect(answered.length).toBeGreaterThan(30);
		expect(report.invited).toBe(people.length);
		expect(report.responded).toBe(answered.length);
		const tally: Record<string, number> = {
			professional: 0,
			intermediate: 0,
			working_class: 0,
		};
		const groupOf = new Map(catalogue.key.options.map((o) => [o.id, o.group]));
		for (const p of answered) {
			const g = groupOf.get(p.answers.key ?? "");
			if (g && g in tally) tally[g] = (tally[g] ?? 0) + 1;
		}
		const classified = Object.values(tally).reduce((a, b) => a + b, 0);
		for (const g of report.groups) {
			if (g.percent === null) continue;
			expect(g.percent).toBe(roundPercent(tally[g.group] ?? 0, classified, 5));
		}
		const rows = await t.runtime.prisma.$queryRawUnsafe<{ n: number }[]>(
			"select count(*)::int as n from sealed_ballot",
		);
		expect(rows[0]?.n).toBe(0);
	});

	it("posts the report card, valid and with the chart, once to the Teams channel", () => {
		const posts = connector
			.delivered("send")
			.filter((c) => c.conversationId === channel);
		expect(posts).toHaveLength(1);
		const card = posts[0] && cardIn(posts[0]);
		expect(validate(card), JSON.stringify(validate.errors)).toBe(true);
		const json = JSON.stringify(card);
		const chart = /data:image\/png;base64,([A-Za-z0-9+/=]+)/.exec(json)?.[1];
		if (!chart) throw new Error("no chart in the report card");
		// Within what Teams shows: 1024 × 1024 pixels.
		const { width, height } = decodePng(Buffer.from(chart, "base64"));
		expect(Math.max(width, height)).toBeLessThanOrEqual(1024);
		expect(width).toBeGreaterThan(600);
		expect(json).toContain(report.takeaways[0]?.slice(0, 30) ?? "missing");
	});

	it("P2/P5: no message, reply or update the bot sent carries an answer or names a person", () => {
		const outbound = connector.calls
			.filter((c) => c.status < 300)
			.map((c) => JSON.stringify(c.body));
		expect(outbound.length).toBeGreaterThan(people.length);
		for (const body of outbound) {
			for (const label of answerLabels) expect(body).not.toContain(label);
			for (const id of answerIds) expect(body).not.toContain(`"${id}"`);
			for (const p of people.slice(1, 10)) expect(body).not.toContain(p.email);
		}
	});

	it("never logs an answer or a person", () => {
		const log = t.logs.join("\n");
		for (const id of answerIds) expect(log).not.toContain(id);
		for (const p of people.slice(0, 10)) {
			expect(log).not.toContain(p.email);
			expect(log).not.toContain(p.teamsUserId);
			expect(log).not.toContain(teamsUserOf(p).id);
		}
	});
});
