import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamsGraphReach } from "../../src/chat/teams/teams-graph-reach.js";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import type { ReachResult } from "../../src/domain/roster/reach.js";
import {
	personalInstall,
	personalUninstall,
} from "../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import { waitFor } from "../../src/sim/wait-for.js";
import type { FakeGraphUser } from "../fakes/fake-graph-types.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
	testGraphSecret,
	testTeamsApp,
} from "../support/start-test-census.js";

async function until(
	check: () => Promise<boolean>,
	ms: number,
	what: string,
): Promise<void> {
	const deadline = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

async function settled(t: TestCensus): Promise<boolean> {
	const rows = await t.runtime.prisma.$queryRawUnsafe<{ n: number }[]>(
		"select count(*)::int as n from delivery where state in ('queued', 'sending')",
	);
	return rows[0]?.n === 0;
}

async function startCampaign(
	t: TestCensus,
	admin: SyntheticEmployee,
): Promise<void> {
	const started = await t.sim.slashCommand(
		admin.slackUserId,
		"/census",
		"start channel=#leadership",
	);
	// The start first says how many can be reached, then that the campaign is open.
	await waitFor(
		() =>
			t.fake.responses.find(
				(r) =>
					r.url === started.responseUrl &&
					JSON.stringify(r.body).includes("is open until"),
			),
		30_000,
		"the start reply",
	);
}

/** Per person on the roster (by email): their invitation's state and their recorded unreachable reason. */
async function rosterView(
	t: TestCensus,
): Promise<Map<string, { invite: string | null; reason: string | null }>> {
	const rows = await t.runtime.prisma.$queryRawUnsafe<
		{ email: string; state: string | null; reason: string | null }[]
	>(
		`select e.email, d.state, e.unreachable_reason as reason from employee e
		 left join delivery d on d.employee_id = e.id and d.kind = 'invite'`,
	);
	return new Map(
		rows.map((r) => [r.email, { invite: r.state, reason: r.reason }]),
	);
}

/**
 * Issue 16, item 3, end to end through the fakes: a roster of Teams people with no ids is resolved through Graph
 * by email; the campaign's Teams queue installs the app for each reachable person who lacks it and invites them
 * in the personal chat Graph names, exactly once; people whose policy blocks the app are undeliverable with
 * `app_not_installable`; people Graph does not know, or knows deactivated, are told apart.
 */
describe("Teams people reached through Microsoft Graph", () => {
	let t: TestCensus;
	let admin: SyntheticEmployee;
	const org = generateOrganisation(80, 16, "both");
	const teamsPeople = org.filter((p) => p.platform === "teams");
	// 40 on Teams: 8 already have the app, 20 are blocked by policy, 6 can have it installed, 3 are unknown to
	// the directory, 3 are deactivated.
	const hadApp = teamsPeople.slice(0, 8);
	const blocked = teamsPeople.slice(8, 28);
	const installable = teamsPeople.slice(28, 34);
	const missing = teamsPeople.slice(34, 37);
	const deactivated = teamsPeople.slice(37, 40);
	const entra = (
		p: SyntheticEmployee,
		extra: Partial<FakeGraphUser>,
	): FakeGraphUser => ({
		id: p.teamsUserId,
		mail: p.email,
		userPrincipalName: p.email,
		accountEnabled: true,
		...extra,
	});
	let resolved: ReachResult[];

	beforeAll(async () => {
		admin = org[0] as SyntheticEmployee;
		t = await startTestCensus({
			admins: [admin.slackUserId],
			label: "graphreach",
			teams: {
				graph: {
					users: [
						...hadApp.map((p) => entra(p, { hasApp: true })),
						...blocked.map((p) => entra(p, { blocksApp: true })),
						...installable.map((p) => entra(p, {})),
						...deactivated.map((p) => entra(p, { accountEnabled: false })),
					],
				},
			},
		});
		expect(await importPeople(t, org)).toBe(0);
		// The roster has no Teams ids: Graph finds them by email.
		await t.runtime.prisma.$executeRawUnsafe(
			"update employee set teams_user_id = null",
		);
		const redis = new Redis(t.runtime.redisUrl);
		try {
			const reach = createTeamsGraphReach(
				{
					tenantId: testTeamsApp.tenantId,
					clientId: testTeamsApp.appId,
					clientSecret: testGraphSecret,
					catalogAppId: testTeamsApp.catalogAppId,
					apiUrl: t.graph?.apiUrl ?? "",
					loginUrl: t.graph?.loginUrl ?? "",
					teamsPerSecond: 30,
					directoryPerSecond: 300,
				},
				{ redis, redisPrefix: t.runtime.redisPrefix },
			);
			resolved = await reach.directory.resolve(teamsPeople.map((p) => p.email));
		} finally {
			redis.disconnect();
		}
		// What the reach step does with the answers: ids for the found, reasons for the rest.
		for (const r of resolved)
			await t.runtime.prisma.$executeRawUnsafe(
				"update employee set teams_user_id = $2, unreachable_reason = $3 where email = $1",
				r.email,
				r.outcome.kind === "found" ? r.outcome.userId : null,
				r.outcome.kind === "found" ? null : r.outcome.reason,
			);
		await startCampaign(t, admin);
		await until(() => settled(t), 60_000, "every delivery to settle");
	}, 120_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("tells the directory's unreachable people apart", () => {
		const reasonOf = (p: SyntheticEmployee) =>
			resolved.find((r) => r.email === p.email)?.outcome;
		for (const p of missing)
			expect(reasonOf(p)).toEqual({ kind: "unreachable", reason: "not_found" });
		for (const p of deactivated)
			expect(reasonOf(p)).toEqual({
				kind: "unreachable",
				reason: "deactivated",
			});
		for (const p of [...hadApp, ...blocked, ...installable])
			expect(reasonOf(p)).toEqual({ kind: "found", userId: p.teamsUserId });
	});

	it("invites every reachable person exactly once, in the chat Graph names, installing only where needed", async () => {
		const graph = t.graph;
		const connector = t.connector;
		if (!graph || !connector) throw new Error("no fakes");
		const sends = connector.delivered("send");
		const view = await rosterView(t);
		for (const p of [...hadApp, ...installable]) {
			const chat = graph.tenant.chatIdOf(p.teamsUserId);
			expect(sends.filter((c) => c.conversationId === chat)).toHaveLength(1);
			expect(view.get(p.email)).toEqual({ invite: "sent", reason: null });
		}
		for (const p of installable)
			expect(graph.tenant.installs.get(p.teamsUserId)).toBe(1);
		for (const p of [...hadApp, ...blocked])
			expect(graph.tenant.installs.has(p.teamsUserId)).toBe(false);
		// Nobody was written to through a conversation Teams would refuse (the app was installed first).
		expect(connector.calls.filter((c) => c.status === 403)).toHaveLength(0);
	});

	it("marks people whose policy blocks the app undeliverable, app_not_installable, and nothing unknown", async () => {
		const view = await rosterView(t);
		for (const p of blocked)
			expect(view.get(p.email)).toEqual({
				invite: "undeliverable",
				reason: "app_not_installable",
			});
		const unknown = await t.runtime.prisma.$queryRawUnsafe<{ n: number }[]>(
			"select count(*)::int as n from delivery where state = 'unknown'",
		);
		expect(unknown[0]?.n).toBe(0);
	});

	it("marks a person who removes the app unreachable, app_not_installed, and stops their reminders until they add it again", async () => {
		const connector = t.connector;
		if (!connector) throw new Error("no fake Bot Connector");
		const db = t.runtime.prisma;
		const sender = new TeamsActivitySender({
			messagesUrl: `${t.runtime.url}/api/messages`,
			appId: testTeamsApp.appId,
			signer: connector.signer,
		});
		const ctx = {
			serviceUrl: connector.serviceUrl,
			tenantId: testTeamsApp.tenantId,
			appId: testTeamsApp.appId,
		};
		const [leaving, staying] = hadApp as [SyntheticEmployee, SyntheticEmployee];
		const user = {
			id: `29:${leaving.teamsUserId}`,
			aadObjectId: leaving.teamsUserId,
			name: "Leaving",
		};
		// A reminder queued for each of the two (a wave of its own, held until tomorrow): only the leaver's stops.
		await db.$executeRawUnsafe(
			`insert into delivery (id, campaign_id, kind, wave, employee_id, recipient, not_before)
			 select gen_random_uuid(), c.id, 'reminder', 99, e.id, e.id::text, now() + interval '1 day'
			 from campaign c, employee e where e.email = any($1::text[])`,
			[leaving.email, staying.email],
		);
		const reminders = async (wave: number) =>
			new Map(
				(
					await db.$queryRawUnsafe<{ email: string; state: string }[]>(
						`select e.email, d.state from delivery d join employee e on e.id = d.employee_id
						 where d.kind = 'reminder' and d.wave = $1`,
						wave,
					)
				).map((r) => [r.email, r.state]),
			);
		expect((await sender.post(personalUninstall(ctx, user))).status).toBe(200);
		const view = await rosterView(t);
		expect(view.get(leaving.email)?.reason).toBe("app_not_installed");
		expect(view.get(staying.email)?.reason).toBeNull();
		const queued = await reminders(99);
		expect(queued.get(leaving.email)).toBe("cancelled");
		expect(queued.get(staying.email)).toBe("queued");

		// The next reminder wave leaves the leaver out; the others who got the invitation are reminded.
		const remind = async () => {
			const sent = await t.sim.slashCommand(
				admin.slackUserId,
				"/census",
				"remind",
			);
			await waitFor(
				() => t.fake.responses.find((r) => r.url === sent.responseUrl),
				10_000,
				"the remind reply",
			);
		};
		await remind();
		const first = await reminders(1);
		expect(first.has(leaving.email)).toBe(false);
		expect(first.get(staying.email)).toBeDefined();

		// Adding the app again makes them reachable: the wave after reminds them.
		expect((await sender.post(personalInstall(ctx, user))).status).toBe(200);
		expect((await rosterView(t)).get(leaving.email)?.reason).toBeNull();
		await remind();
		expect((await reminders(2)).has(leaving.email)).toBe(true);
	}, 60_000);
});

/** Without Graph: a Teams 403 on creating the chat (the app is not installed) is undeliverable, not unknown. */
describe("Teams people without the app and no Graph", () => {
	let t: TestCensus;
	const org = generateOrganisation(24, 17, "both");
	const admin = org[0] as SyntheticEmployee;

	beforeAll(async () => {
		t = await startTestCensus({
			admins: [admin.slackUserId],
			label: "notinstalled",
			teams: { onlyInstalled: true },
		});
		expect(await importPeople(t, org)).toBe(0);
		await startCampaign(t, admin);
		await until(() => settled(t), 60_000, "every delivery to settle");
	}, 120_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("records app_not_installed and logs Teams' status and error code", async () => {
		const view = await rosterView(t);
		const onTeams = org.filter((p) => p.platform === "teams");
		for (const p of onTeams)
			expect(view.get(p.email)).toEqual({
				invite: "undeliverable",
				reason: "app_not_installed",
			});
		const failures = t.logs
			.map(
				(l) =>
					JSON.parse(l) as { msg?: string; status?: number; code?: string },
			)
			.filter((l) => l.msg === "Teams send failed");
		expect(failures).toHaveLength(onTeams.length);
		expect(
			failures.every(
				(l) => l.status === 403 && l.code === "BotNotInConversationRoster",
			),
		).toBe(true);
	});
});
