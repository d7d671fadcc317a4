import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { text } from "../../src/chat/messages.js";
import type { SyntheticEmployee } from "../../src/demo/synthetic-organisation.js";
import { type FuzzApp, startFuzzApp, teamsUserOf } from "../fuzz/fuzz-app.js";
import {
	sendSlack,
	slackRequest,
	teamsActivity,
} from "../fuzz/outsider-requests.js";
import { testTeamsApp } from "../support/start-test-census.js";

const foreignTeam = "T0FOREIGN1";
const foreignTenant = "00000000-0000-4000-8000-00000000f0f0";

/**
 * One plain case per cause of issue 17's outsider writes: a deactivated person's answer (participant lookups did
 * not require `employee.active`), and a roster person's id arriving from another Slack workspace or Teams tenant
 * (the workspace was not checked, and a foreign `conversation.tenantId` passed when `channelData` named ours).
 */
describe("outsiders change nothing", () => {
	let f: FuzzApp;
	let raw: pg.Client;
	let slackPeople: SyntheticEmployee[];
	let teamsPeople: SyntheticEmployee[];

	async function deactivate(p: SyntheticEmployee): Promise<void> {
		await raw.query("update employee set active = false where email = $1", [
			p.email,
		]);
	}

	beforeAll(async () => {
		f = await startFuzzApp("outsiders", 24);
		raw = new pg.Client({ connectionString: f.t.db.url });
		await raw.connect();
		slackPeople = f.people.filter(
			(p) => p.platform === "slack" && p !== f.admin,
		);
		teamsPeople = f.people.filter(
			(p) => p.platform === "teams" && !f.admins.includes(p.email),
		);
	}, 120_000);
	afterAll(async () => {
		await raw?.end();
		await f?.stop();
	});

	it("a deactivated person's Slack answer records nothing and gets the not-on-the-roster reply", async () => {
		const p = slackPeople[0] as SyntheticEmployee;
		await deactivate(p);
		const before = await f.counts();
		const res = await sendSlack(
			f,
			slackRequest(f, "submit", {
				userId: p.slackUserId,
				teamId: f.t.fake.ids.teamId,
			}),
		);
		expect(res.status).toBe(200);
		expect(res.body).toContain(text.notInvited);
		expect(await f.counts()).toEqual(before);
	});

	it("a deactivated person's Teams answer records nothing and gets the not-on-the-roster reply", async () => {
		const p = teamsPeople[0] as SyntheticEmployee;
		await deactivate(p);
		const before = await f.counts();
		const res = await f.teams.post(
			teamsActivity(f, "submit", {
				user: teamsUserOf(p),
				channelDataTenant: testTeamsApp.tenantId,
				conversationTenant: testTeamsApp.tenantId,
			}),
		);
		expect(res.status).toBe(200);
		expect(res.body).toContain(text.notInvited);
		expect(await f.counts()).toEqual(before);
	});

	it("a deactivated person cannot opt out either", async () => {
		const p = slackPeople[1] as SyntheticEmployee;
		await deactivate(p);
		const before = await f.counts();
		await sendSlack(
			f,
			slackRequest(f, "opt-out", {
				userId: p.slackUserId,
				teamId: f.t.fake.ids.teamId,
			}),
		);
		expect(await f.counts()).toEqual(before);
	});

	it("each layer refuses a deactivated person on its own: the platform lookups, the admin lookups and the answer's SQL function", async () => {
		const s = slackPeople[4] as SyntheticEmployee;
		const t = teamsPeople[3] as SyntheticEmployee;
		const store = f.t.runtime.store;
		const campaign = f.campaignId as Parameters<
			typeof store.findParticipantByUser
		>[0];
		const slackUser = { platform: "slack", id: s.slackUserId } as const;
		const teamsUser = {
			platform: "teams",
			id: `29:${t.teamsUserId}`,
			aadObjectId: t.teamsUserId,
		} as const;
		// Found while active (so the checks below can fail)...
		expect(
			await store.findParticipantByUser(campaign, slackUser),
		).not.toBeNull();
		expect(
			await store.findParticipantByUser(campaign, teamsUser),
		).not.toBeNull();
		expect(await store.emailForUser(slackUser)).toBe(s.email);
		expect(await store.emailForUser(teamsUser)).toBe(t.email);
		await deactivate(s);
		await deactivate(t);
		// ...and nobody once deactivated.
		expect(await store.findParticipantByUser(campaign, slackUser)).toBeNull();
		expect(await store.findParticipantByUser(campaign, teamsUser)).toBeNull();
		expect(await store.emailForUser(slackUser)).toBeNull();
		expect(await store.emailForUser(teamsUser)).toBeNull();
		// The SQL function, called as a caller that skipped the lookup would call it.
		const before = await f.counts();
		const { rows } = await raw.query<{ outcome: string }>(
			`select outcome from census_record_response($1::uuid,
			   (select id from employee where email = $2), '\\x00'::bytea)`,
			[f.campaignId, s.email],
		);
		expect(rows[0]?.outcome).toBe("not-invited");
		expect(await f.counts()).toEqual(before);
	});

	it("a roster person's Slack id from another workspace records nothing and gets an empty acknowledgement", async () => {
		const p = slackPeople[2] as SyntheticEmployee;
		const before = await f.counts();
		const res = await sendSlack(
			f,
			slackRequest(f, "submit", { userId: p.slackUserId, teamId: foreignTeam }),
		);
		expect(res.status).toBe(200);
		expect(res.body).toBe("");
		expect(await f.counts()).toEqual(before);
		// Counted in the logs by kind, with neither the workspace nor the person.
		const refused = f.t.logs.filter((l) => l.includes("foreign-workspace"));
		expect(refused.some((l) => l.includes('"kind":"view_submission"'))).toBe(
			true,
		);
		for (const l of refused) {
			expect(l).not.toContain(foreignTeam);
			expect(l).not.toContain(p.slackUserId);
		}
	});

	it("a Teams activity naming another tenant in either field is refused before the bot sees it", async () => {
		const p = teamsPeople[1] as SyntheticEmployee;
		const before = await f.counts();
		for (const [channelDataTenant, conversationTenant] of [
			[testTeamsApp.tenantId, foreignTenant],
			[foreignTenant, testTeamsApp.tenantId],
			[null, foreignTenant],
			[foreignTenant, null],
		] as const) {
			const res = await f.teams.post(
				teamsActivity(f, "submit", {
					user: teamsUserOf(p),
					channelDataTenant,
					conversationTenant,
				}),
			);
			expect(res.status, `${channelDataTenant} / ${conversationTenant}`).toBe(
				403,
			);
		}
		expect(await f.counts()).toEqual(before);
	});

	it("the same requests from active people in the workspace and tenant are recorded (the control)", async () => {
		const s = slackPeople[3] as SyntheticEmployee;
		const t = teamsPeople[2] as SyntheticEmployee;
		const before = await f.counts();
		const slack = await sendSlack(
			f,
			slackRequest(f, "submit", {
				userId: s.slackUserId,
				teamId: f.t.fake.ids.teamId,
			}),
		);
		expect(slack.body).toContain(text.thanks);
		const teams = await f.teams.post(
			teamsActivity(f, "submit", {
				user: teamsUserOf(t),
				channelDataTenant: testTeamsApp.tenantId,
				conversationTenant: testTeamsApp.tenantId,
			}),
		);
		expect(teams.status).toBe(200);
		expect(await f.counts()).toEqual({
			participation: before.participation + 2,
			ballots: before.ballots + 2,
		});
	});
});
