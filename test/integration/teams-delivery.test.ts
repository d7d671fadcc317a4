import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import { deliveryQueueName } from "../../src/jobs/job-definitions.js";
import { personalConversationId } from "../../src/sim/fake-bot-connector.js";
import { waitFor } from "../../src/sim/wait-for.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
	testTeamsApp,
} from "../support/start-test-census.js";
import { until } from "../support/until.js";

/** Polls an async condition. */

/**
 * One campaign across Slack and Teams: every other person is on Teams only. Invitations go out proactively on the
 * platform the roster gives, through the same outbox, each platform's queue paced and backed off on its own.
 */
describe("one campaign delivered on Slack and Teams", () => {
	let t: TestCensus;
	let people: SyntheticEmployee[];
	let admin: SyntheticEmployee;
	let blocked: SyntheticEmployee;
	const onTeams = () => people.filter((p) => p.platform === "teams");
	const onSlack = () => people.filter((p) => p.platform === "slack");
	const inviteState = async (p: SyntheticEmployee) => {
		const rows = await t.runtime.prisma.$queryRawUnsafe<{ state: string }[]>(
			"select d.state from delivery d join employee e on e.id = d.employee_id where e.email = $1 and d.kind = 'invite'",
			p.email,
		);
		return rows[0]?.state;
	};

	beforeAll(async () => {
		people = generateOrganisation(60, 21, "both");
		admin = people[0] as SyntheticEmployee;
		blocked = onTeams()[0] as SyntheticEmployee;
		// The app may send 1000/s on Teams; the tenant allows 10 in any rolling second and answers 429 beyond.
		t = await startTestCensus({
			admins: [admin.slackUserId],
			label: "teamsdelivery",
			teams: { fakeRateLimitPerSecond: 10 },
		});
		expect(await importPeople(t, people)).toBe(0);
		t.connector?.block(blocked.teamsUserId);
		// Two gateway failures on sends: the first two Teams sends may have arrived, so they are `unknown`.
		t.connector?.failNext({ status: 502 }, { kinds: ["send"], times: 2 });
		const started = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"start channel=#leadership",
		);
		const text = await waitFor(
			() =>
				(
					t.fake.responses.find((r) => r.url === started.responseUrl)?.body as
						| { text?: string }
						| undefined
				)?.text,
			10_000,
			"the start reply",
		);
		expect(text).toMatch(/Inviting 60 people/);
		await until(
			async () => {
				const rows = await t.runtime.prisma.$queryRawUnsafe<{ n: number }[]>(
					"select count(*)::int as n from delivery where state in ('queued', 'sending')",
				);
				return rows[0]?.n === 0;
			},
			60_000,
			"every invitation settled",
		);
	}, 90_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("invites Slack people on Slack and Teams people on Teams, each exactly once", () => {
		const connector = t.connector;
		if (!connector) throw new Error("no connector");
		for (const p of onSlack())
			expect(t.fake.messagesTo(p.slackUserId), p.email).toHaveLength(1);
		const sends = connector.delivered("send");
		for (const p of onTeams()) {
			expect(t.fake.messagesTo(p.slackUserId), p.email).toHaveLength(0);
			if (p === blocked) continue;
			const toThem = sends.filter(
				(c) => c.conversationId === personalConversationId(p.teamsUserId),
			);
			expect(toThem.length, p.email).toBeLessThanOrEqual(1);
		}
		// Conversations were created as the bot, in the tenant, with the person's Entra object id.
		const created = connector.delivered("create-conversation")[0]?.body as {
			bot?: { id?: string };
			tenantId?: string;
			members?: { id?: string }[];
		};
		expect(created.bot?.id).toBe(`28:${testTeamsApp.appId}`);
		expect(created.tenantId).toBe(testTeamsApp.tenantId);
		expect(onTeams().map((p) => p.teamsUserId)).toContain(
			created.members?.[0]?.id,
		);
	});

	it("backs off on the tenant's 429 and still delivers every other Teams invitation", async () => {
		const connector = t.connector;
		if (!connector) throw new Error("no connector");
		expect(connector.calls.some((c) => c.status === 429)).toBe(true);
		const states = await Promise.all(onTeams().map(inviteState));
		expect(states.filter((s) => s === "sent")).toHaveLength(
			onTeams().length - 3,
		);
		expect(states.filter((s) => s === "unknown")).toHaveLength(2);
		expect(await inviteState(blocked)).toBe("undeliverable");
		// Each sent invitation is one Adaptive Card, with the Answer button, and names nobody.
		const send = connector.delivered("send")[0]?.body as {
			attachments?: {
				contentType?: string;
				content?: { actions?: unknown[] };
			}[];
		};
		expect(send.attachments?.[0]?.contentType).toBe(
			"application/vnd.microsoft.card.adaptive",
		);
		expect(JSON.stringify(send)).toContain("census_answer");
	});

	it("records 502s as unknown, never resent on their own, and backs the Teams queue off", async () => {
		const connector = t.connector;
		if (!connector) throw new Error("no connector");
		const faulted = connector.calls.filter((c) => c.status === 502);
		expect(faulted).toHaveLength(2);
		// Each one paused the Teams queue, not Slack's.
		const paused = t.logs
			.map((l) => JSON.parse(l) as { msg?: string; queue?: string })
			.filter((l) => l.msg === "platform overloaded: queue paused");
		expect(paused.map((l) => l.queue)).toEqual([
			deliveryQueueName("teams"),
			deliveryQueueName("teams"),
		]);
		for (const c of faulted) {
			const again = connector
				.delivered("send")
				.filter((s) => s.conversationId === c.conversationId);
			expect(again).toHaveLength(0);
		}
	});

	it("counts people on both platforms in one campaign", async () => {
		const rows = await t.runtime.prisma.$queryRawUnsafe<
			{ status: string; n: number }[]
		>("select status, count(*)::int as n from invitation group by status");
		const n = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
		expect(n("invited")).toBe(60 - 3);
		expect(n("undeliverable")).toBe(1);
		// The two that may have arrived are not counted as invited: nothing says they were.
		expect(n("pending")).toBe(2);
	});

	it("sends a reminder wave on both platforms: Teams people get a reminder card in the same conversation", async () => {
		const connector = t.connector;
		if (!connector) throw new Error("no connector");
		const before = connector.delivered("create-conversation").length;
		const sent = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"remind",
		);
		const text = await waitFor(
			() =>
				(
					t.fake.responses.find((r) => r.url === sent.responseUrl)?.body as
						| { text?: string }
						| undefined
				)?.text,
			10_000,
			"the remind reply",
		);
		expect(text).toMatch(/remind/i);
		await until(
			async () => {
				const rows = await t.runtime.prisma.$queryRawUnsafe<{ n: number }[]>(
					"select count(*)::int as n from delivery where kind = 'reminder' and state in ('queued', 'sending')",
				);
				return rows[0]?.n === 0;
			},
			60_000,
			"every reminder settled",
		);
		const reminded = await t.runtime.prisma.$queryRawUnsafe<
			{ slack: number; teams: number }[]
		>(
			`select count(*) filter (where e.slack_user_id is not null)::int as slack,
			        count(*) filter (where e.teams_user_id is not null)::int as teams
			 from delivery d join employee e on e.id = d.employee_id
			 where d.kind = 'reminder' and d.state = 'sent'`,
		);
		// Everyone invited and silent is reminded: 30 on Slack (the admin too), 27 on Teams.
		expect(reminded[0]).toEqual({ slack: 30, teams: 27 });
		// The conversations created for the invitations were reused.
		expect(connector.delivered("create-conversation").length).toBe(before);
	}, 90_000);
});
