import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { text } from "../../src/chat/messages.js";
import { runDrive } from "../../src/demo/run-drive.js";
import {
	slackAdminConsole,
	slackEmployees,
} from "../../src/demo/slack-drive-parts.js";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import { roundPercent } from "../../src/domain/disclosure/round-percent.js";
import { catalogue } from "../../src/domain/questions/catalogue.js";
import type { CampaignReport } from "../../src/domain/reporting/campaign-report.js";
import { chartAltText } from "../../src/reports/chart-alt-text.js";
import { waitFor } from "../../src/sim/wait-for.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";

// Option wording that could only appear in a message as an echo ("prefer not to say" is also
// part of the invitation's promise, so it is checked through the fixed thank-you text instead).
const answerLabels = Object.values(catalogue).flatMap((q) =>
	q.options
		.filter((o) => o.id !== q.preferNotToSay && o.label.length > 12)
		.flatMap((o) => [o.label, o.text]),
);
const answerIds = Object.values(catalogue).flatMap((q) =>
	q.options.map((o) => o.id),
);

async function count(url: string, sql: string): Promise<number> {
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	try {
		return Number((await c.query(sql)).rows[0].n);
	} finally {
		await c.end();
	}
}

describe("a 50-person census drive through Slack", () => {
	let t: TestCensus;
	let people: SyntheticEmployee[];
	let report: CampaignReport;
	let answered: SyntheticEmployee[];
	const admin = "U1000000";

	beforeAll(async () => {
		// Seed 9 gives 17 / 13 / 14 classified answers, so every group is publishable.
		people = generateOrganisation(50, 9);
		t = await startTestCensus({ admins: [admin], label: "e2e" });
		expect(await importPeople(t, people)).toBe(0);

		// A non-admin is refused, and a bad start argument names the problem.
		const refused = await t.sim.slashCommand(
			"U1000001",
			"/census",
			"start channel=#leadership",
		);
		expect(refused.status).toBe(200);
		const bad = await t.sim.slashCommand(
			admin,
			"/census",
			"start channel=#leadership target=250",
		);
		const texts = await waitFor(
			() => {
				const r = t.fake.responses.filter(
					(x) => x.url === refused.responseUrl || x.url === bad.responseUrl,
				);
				return r.length === 2
					? r.map((x) => (x.body as { text: string }).text)
					: undefined;
			},
			10_000,
			"two replies",
		);
		expect(texts.join("\n")).toMatch(/only census admins/);
		expect(texts.join("\n")).toMatch(/target must be a whole percentage/);

		const result = await runDrive({
			runtime: t.runtime,
			admin: slackAdminConsole(t.fake, t.sim, admin),
			employees: { slack: slackEmployees(t.fake, t.sim) },
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

	it("sends every roster member exactly one invitation, with both buttons", () => {
		for (const p of people) {
			const dms = t.fake
				.callsTo("chat.postMessage")
				.filter((c) => c.params.channel === p.slackUserId);
			expect(dms).toHaveLength(1);
			const ids = JSON.stringify(dms[0]?.params.blocks);
			expect(ids).toContain('"action_id":"census_answer"');
			expect(ids).toContain('"action_id":"census_optout"');
		}
	});

	it("counts every submission exactly once and keeps nothing that links it to a person", async () => {
		expect(answered.length).toBeGreaterThan(30);
		expect(report.responded).toBe(answered.length);
		expect(report.invited).toBe(people.length);
		expect(
			await count(
				t.db.url,
				"select count(*) as n from invitation where status = 'responded'",
			),
		).toBe(answered.length);
		expect(
			await count(
				t.db.url,
				"select count(*) as n from invitation where status = 'opted_out'",
			),
		).toBe(people.filter((p) => p.behaviour === "opts-out").length);
		// Tallied once, then shredded: no ballots and no campaign key remain.
		expect(
			await count(t.db.url, "select count(*) as n from sealed_ballot"),
		).toBe(0);
		expect(
			await count(
				t.db.url,
				"select count(*) as n from campaign where wrapped_key is not null",
			),
		).toBe(0);
	});

	it("publishes shares equal to the ground truth", () => {
		const tally = {
			professional: 0,
			intermediate: 0,
			working_class: 0,
		} as Record<string, number>;
		const groupOf = new Map(catalogue.key.options.map((o) => [o.id, o.group]));
		for (const p of answered) {
			const g = groupOf.get(p.answers.key ?? "");
			if (g && g in tally) tally[g] = (tally[g] ?? 0) + 1;
		}
		const classified = Object.values(tally).reduce((a, b) => a + b, 0);
		// Published figures are rounded: counts to 5, shares to 5 points (docs/smc-questions.md §5.2 R6).
		expect(report.classified).toBe(5 * Math.round(classified / 5));
		expect(report.groupsStep).toBe(5);
		for (const g of report.groups) {
			if (g.percent === null) {
				expect(tally[g.group] ?? 0).toBeLessThan(report.minCellSize);
				continue;
			}
			expect(tally[g.group]).toBeGreaterThanOrEqual(report.minCellSize);
			expect(g.percent).toBe(roundPercent(tally[g.group] ?? 0, classified, 5));
		}
		// Posted once, after the admin pressed the preview's button; the post carries the report's takeaways.
		const posts = t.fake.messagesTo("#leadership");
		expect(posts).toHaveLength(1);
		expect(JSON.stringify(posts[0]?.blocks)).toContain(
			JSON.stringify(report.takeaways[0]).slice(1, 40),
		);
		expect(t.fake.uploadedFiles()).toHaveLength(1);
		// The chart's numbers in words, for screen readers.
		expect(t.fake.uploadedFiles()[0]?.altText).toBe(chartAltText(report));
	});

	it("never echoes an answer in any message, home view or reply", () => {
		const outbound = [
			...t.fake.callsTo("chat.postMessage"),
			...t.fake.callsTo("chat.update"),
			...t.fake.callsTo("chat.postEphemeral"),
			...t.fake.callsTo("views.publish"),
		].map((c) => JSON.stringify(c.params));
		outbound.push(...t.fake.responses.map((r) => JSON.stringify(r.body)));
		expect(outbound.length).toBeGreaterThan(people.length);
		for (const body of outbound) {
			for (const label of answerLabels) expect(body).not.toContain(label);
			for (const id of answerIds) expect(body).not.toContain(`"${id}"`);
		}
		// Every answered DM was replaced by the same neutral thank-you, whatever the answer.
		const thanks = new Set(
			answered.map((p) =>
				JSON.stringify(t.fake.messagesTo(p.slackUserId)[0]?.blocks),
			),
		);
		expect(thanks.size).toBe(1);
		for (const p of answered)
			expect(t.fake.messagesTo(p.slackUserId)[0]?.text).toBe(text.thanks);
	});

	it("never logs an answer or a person next to anything", () => {
		const log = t.logs.join("\n");
		for (const id of answerIds) expect(log).not.toContain(id);
		for (const p of people.slice(0, 10)) {
			expect(log).not.toContain(p.email);
			expect(log).not.toContain(p.slackUserId);
		}
	});

	it("rejects a wrongly signed request with 401 and changes nothing", async () => {
		const before = t.fake.calls.length;
		const campaigns = await count(
			t.db.url,
			"select count(*) as n from campaign",
		);
		const res = await t.sim.slashCommand(
			admin,
			"/census",
			"start channel=#leadership",
			{ badSignature: true },
		);
		expect(res.status).toBe(401);
		await new Promise((r) => setTimeout(r, 300));
		expect(t.fake.calls.length).toBe(before);
		expect(await count(t.db.url, "select count(*) as n from campaign")).toBe(
			campaigns,
		);
	});
});
