import { rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { text } from "../../src/chat/messages.js";
import { runRosterImport } from "../../src/cli/roster-import.js";
import { slackEmployees } from "../../src/demo/slack-drive-parts.js";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import type { CampaignReport } from "../../src/domain/reporting/campaign-report.js";
import { personalConversationId } from "../../src/sim/fake-bot-connector.js";
import type { ConnectorCall } from "../../src/sim/fake-bot-connector-types.js";
import {
	channelMention,
	personalMessage,
	type TeamsTestUser,
} from "../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import { waitFor } from "../../src/sim/wait-for.js";
import type { FakeGraphUser } from "../fakes/fake-graph-types.js";
import {
	startTestCensus,
	type TestCensus,
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

/** 2,000 people under CENSUS_E2E=full (issue 16's size); a tenth of that in `npm test`. */
const size = process.env.CENSUS_E2E === "full" ? 2000 : 200;

/** A Teams admin named in CENSUS_ADMINS by Entra object id, not on the roster. */
const teamsAdmin: TeamsTestUser = {
	id: "29:hr-admin",
	aadObjectId: "00000000-0000-4000-8000-00000000ad01",
	name: "HR admin",
};
/** Neither an admin nor on the roster. */
const teamsOutsider: TeamsTestUser = {
	id: "29:outsider",
	aadObjectId: "00000000-0000-4000-8000-00000000ad02",
	name: "Outsider",
};

/**
 * Issue 16's "done when": an HR export with no platform ids at all, half of it only in Slack's directory and half
 * only in Teams' (Graph), 3% in neither, 1% deactivated, 20 Teams people whose policy blocks the app. One campaign
 * on both platforms invites every reachable person exactly once; the admin's status counts each platform's
 * invitations; `unreachable` lists exactly the people it could not reach, with the right reason, to admins only
 * (never anyone who got the invitation, so never a respondent); the close's report counts everyone reached.
 */
describe(`reaching a ${size}-person HR export on Slack and Teams`, () => {
	let t: TestCensus;
	const org = generateOrganisation(size, 16, "both");
	const onSlack = org.filter((p) => p.platform === "slack");
	const onTeams = org.filter((p) => p.platform === "teams");
	const share = (n: number) => Math.round(n * size);
	// Taken from the ends of each half, so the Slack admin (the first person) is reachable.
	const notFound = [
		...onSlack.splice(-Math.ceil(share(0.03) / 2)),
		...onTeams.splice(-Math.floor(share(0.03) / 2)),
	];
	const deactivatedSlack = onSlack.splice(-Math.ceil(share(0.01) / 2));
	const deactivatedTeams = onTeams.splice(-Math.floor(share(0.01) / 2));
	const blocked = onTeams.splice(-20);
	const admin = org[0] as SyntheticEmployee;
	const reachable = [...onSlack, ...onTeams];
	/** Who `unreachable` must list, and why. */
	const expected = new Map<string, string>([
		...notFound.map((p) => [p.email, "not_found,not_sent"] as const),
		...[...deactivatedSlack, ...deactivatedTeams].map(
			(p) => [p.email, "deactivated,not_sent"] as const,
		),
		...blocked.map(
			(p) => [p.email, "app_not_installable,undeliverable"] as const,
		),
	]);
	const answering = onSlack.slice(1, 11);
	let sender: TeamsActivitySender;
	let startedIn = 0;
	let settledIn = 0;

	const sql = <T>(q: string, ...params: unknown[]) =>
		t.runtime.prisma.$queryRawUnsafe<T[]>(q, ...params);

	/** A Slack `/census` command and its replies' bodies, once `done` says they have all come. */
	async function slackCommand(
		userId: string,
		line: string,
		done: (bodies: Record<string, unknown>[]) => boolean,
		timeoutMs = 60_000,
	): Promise<Record<string, unknown>[]> {
		const sent = await t.sim.slashCommand(userId, "/census", line);
		expect(sent.status).toBe(200);
		return waitFor(
			() => {
				const bodies = t.fake.responses
					.filter((r) => r.url === sent.responseUrl)
					.map((r) => r.body as Record<string, unknown>);
				return done(bodies) ? bodies : undefined;
			},
			timeoutMs,
			`replies to /census ${line}`,
		);
	}

	/** A Teams `census …` message in personal chat and the bot's replies to it (sent within the turn). */
	async function teamsCommand(
		user: TeamsTestUser,
		line: string,
	): Promise<ConnectorCall[]> {
		const connector = t.connector;
		if (!connector) throw new Error("no fake Bot Connector");
		const before = connector.calls.length;
		const answer = await sender.post(
			personalMessage(
				{
					serviceUrl: connector.serviceUrl,
					tenantId: testTeamsApp.tenantId,
					appId: testTeamsApp.appId,
				},
				user,
				line,
			),
		);
		expect(answer.status).toBe(200);
		return connector.calls
			.slice(before)
			.filter(
				(c) =>
					c.kind === "reply" &&
					c.status < 300 &&
					c.conversationId === personalConversationId(user.id),
			);
	}

	const settled = async () =>
		(
			await sql<{ n: number }>(
				"select count(*)::int as n from delivery where state in ('queued', 'sending')",
			)
		)[0]?.n === 0;

	beforeAll(async () => {
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
		t = await startTestCensus({
			admins: [admin.slackUserId, teamsAdmin.aadObjectId],
			label: "hrexport",
			teams: {
				graph: {
					teamsPerSecond: 200,
					// Half of the Teams people have the app already; the others get it installed before their invitation.
					users: [
						...onTeams.map((p, i) => entra(p, { hasApp: i % 2 === 0 })),
						...blocked.map((p) => entra(p, { blocksApp: true })),
						...deactivatedTeams.map((p) => entra(p, { accountEnabled: false })),
					],
				},
			},
		});
		const connector = t.connector;
		if (!connector) throw new Error("no fake Bot Connector");
		sender = new TeamsActivitySender({
			messagesUrl: `${t.runtime.url}/api/messages`,
			appId: testTeamsApp.appId,
			signer: connector.signer,
		});
		for (const p of onSlack)
			t.fake.addUser({ id: p.slackUserId, email: p.email });
		for (const p of deactivatedSlack)
			t.fake.addUser({ id: p.slackUserId, email: p.email, deleted: true });
		// The HR export: emails, departments, grades and managers; no Slack or Teams id for anyone.
		const file = path.join(os.tmpdir(), `census-hr-${t.db.name}.csv`);
		await writeFile(
			file,
			`email,department,grade,manager_email,timezone\n${org
				.map(
					(p) =>
						`${p.email},${p.department},${p.grade},${p.managerEmail ?? ""},Europe/London`,
				)
				.join("\n")}\n`,
		);
		try {
			expect(
				await runRosterImport({
					file,
					dryRun: false,
					databaseUrl: t.db.url,
					out: { write: () => true } as unknown as NodeJS.WritableStream,
					progress: false,
				}),
			).toBe(0);
		} finally {
			await rm(file, { force: true });
		}
		const began = Date.now();
		await slackCommand(
			admin.slackUserId,
			"start channel=#leadership",
			(bodies) =>
				bodies.some((b) => String(b.text ?? "").includes("is open until")),
			180_000,
		);
		startedIn = Date.now() - began;
		await until(settled, 300_000, "every invitation to settle");
		settledIn = Date.now() - began;
		const employees = slackEmployees(t.fake, t.sim);
		for (const p of answering) await employees.answer(p, p.answers, ["key"]);
		await until(
			async () =>
				(
					await sql<{ n: number }>(
						"select count(*)::int as n from invitation where status = 'responded'",
					)
				)[0]?.n === answering.length,
			30_000,
			"the answers",
		);
		console.info(
			`${size} people: opened in ${startedIn} ms, every invitation settled in ${settledIn} ms`,
		);
	}, 600_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("invites every reachable person exactly once, on the platform whose directory knows them", () => {
		const graph = t.graph;
		const sends = t.connector?.delivered("send") ?? [];
		if (!graph) throw new Error("no fake Graph");
		const teamsSends = new Map<string, number>();
		for (const c of sends)
			teamsSends.set(
				c.conversationId ?? "",
				(teamsSends.get(c.conversationId ?? "") ?? 0) + 1,
			);
		const count = (p: SyntheticEmployee) => [
			t.fake.messagesTo(p.slackUserId).length,
			teamsSends.get(graph.tenant.chatIdOf(p.teamsUserId)) ?? 0,
		];
		for (const p of onSlack) expect(count(p), p.email).toEqual([1, 0]);
		for (const p of onTeams) expect(count(p), p.email).toEqual([0, 1]);
		for (const p of [...notFound, ...deactivatedSlack, ...deactivatedTeams])
			expect(count(p), p.email).toEqual([0, 0]);
		// The blocked were never written to: the install was refused first.
		for (const p of blocked) expect(count(p), p.email).toEqual([0, 0]);
	});

	it("status gives each platform's invitations, in Slack and in Teams", async () => {
		const slackLine = `Invitations on Slack: ${onSlack.length} delivered, 0 pending, 0 unknown, 0 undeliverable.`;
		const teamsLine = `Invitations on Teams: ${onTeams.length} delivered, 0 pending, 0 unknown, ${blocked.length} undeliverable.`;
		const [status] = await slackCommand(
			admin.slackUserId,
			"status",
			(b) => b.length > 0,
		);
		const blocks = JSON.stringify(status?.blocks ?? []);
		expect(blocks).toContain(slackLine);
		expect(blocks).toContain(teamsLine);
		const replies = await teamsCommand(teamsAdmin, "census status");
		const card = JSON.stringify(replies.map((r) => r.body.attachments));
		expect(card).toContain(slackLine);
		expect(card).toContain(teamsLine);
	});

	it("`/census unreachable` sends the Slack admin the unreachable, with reasons, and nobody else", async () => {
		const before = t.fake.uploadedFiles().length;
		const [said] = await slackCommand(
			admin.slackUserId,
			"unreachable",
			(b) => b.length > 0,
		);
		expect(String(said?.text)).toContain(
			`could not reach ${expected.size} people on the roster`,
		);
		const file = await waitFor(
			() =>
				t.fake
					.uploadedFiles()
					.slice(before)
					.find((f) => f.completed),
			20_000,
			"the CSV upload",
		);
		expect(file.channelId).toBe(t.fake.dmChannelFor(admin.slackUserId));
		const [header, ...rows] = String(file.bytes).trim().split("\r\n");
		expect(header).toBe("email,reason,invitation");
		const listed = new Map(
			rows.map((r) => {
				const [email = "", ...rest] = r.split(",");
				return [email, rest.join(",")];
			}),
		);
		expect(listed).toEqual(expected);
		// Nobody who got the invitation, so no respondent and no one who has not answered yet.
		for (const p of [...reachable, ...answering])
			expect(listed.has(p.email)).toBe(false);
	});

	it("`census unreachable` shows the Teams admin the same list in personal chat", async () => {
		const replies = await teamsCommand(teamsAdmin, "census unreachable");
		const said = replies.map((r) => String(r.body.text ?? "")).join("\n");
		expect(said).toContain(`could not reach ${expected.size} people`);
		const rows = said
			.split("\n")
			.filter((l) => /^[^\s,]+@example\.org,/.test(l));
		expect(
			new Map(
				rows.map((r) => {
					const [email = "", ...rest] = r.split(",");
					return [email, rest.join(",")];
				}),
			),
		).toEqual(expected);
	});

	it("`census unreachable` in a Teams channel names nobody and counts nothing there", async () => {
		const connector = t.connector;
		if (!connector) throw new Error("no fake Bot Connector");
		const channel = {
			teamId: "19:hr-team@thread.tacv2",
			channelId: "19:hr-general@thread.tacv2",
		};
		const before = connector.calls.length;
		const answer = await sender.post(
			channelMention(
				{
					serviceUrl: connector.serviceUrl,
					tenantId: testTeamsApp.tenantId,
					appId: testTeamsApp.appId,
				},
				teamsAdmin,
				channel,
				"census unreachable",
			),
		);
		expect(answer.status).toBe(200);
		const said = connector.calls
			.slice(before)
			.filter((c) => c.kind === "reply")
			.map((c) => String(c.body.text ?? ""));
		expect(said).toEqual([
			"The people the census could not reach are shown only in our personal chat: send `census unreachable` there.",
		]);
	});

	it("refuses `unreachable` to anyone who is not an admin, on both platforms, and lists nobody", async () => {
		const before = t.fake.uploadedFiles().length;
		const someone = onSlack[20] as SyntheticEmployee;
		const [said] = await slackCommand(
			someone.slackUserId,
			"unreachable",
			(b) => b.length > 0,
		);
		expect(said?.text).toBe(text.notAdmin);
		const replies = await teamsCommand(teamsOutsider, "census unreachable");
		expect(replies.map((r) => r.body.text)).toEqual([text.notAdmin]);
		await new Promise((r) => setTimeout(r, 500));
		expect(t.fake.uploadedFiles()).toHaveLength(before);
	});

	it("the close's report counts everyone reached on either platform", async () => {
		await slackCommand(
			admin.slackUserId,
			"close",
			(b) => b.some((x) => String(x.text ?? "").includes("is closed")),
			120_000,
		);
		const [row] = await sql<{ report: CampaignReport }>(
			"select report from campaign where report is not null",
		);
		expect(row?.report.invited).toBe(reachable.length);
		expect(row?.report.responded).toBe(answering.length);
	});
});
