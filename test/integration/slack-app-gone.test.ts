import { WebClient } from "@slack/web-api";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resumeWhenAuthorised } from "../../src/chat/platform-gone.js";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import { DeliveryPause } from "../../src/jobs/delivery-pause.js";
import { createLogger } from "../../src/logger.js";
import { personalConversationId } from "../../src/sim/fake-bot-connector.js";
import {
	personalMessage,
	type TeamsTestUser,
} from "../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import { waitFor } from "../../src/sim/wait-for.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
	testTeamsApp,
} from "../support/start-test-census.js";

async function until(
	check: () => Promise<boolean> | boolean,
	ms: number,
	what: string,
): Promise<void> {
	const deadline = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

/** A Teams admin by Entra object id (in CENSUS_ADMINS), not on the roster. */
const teamsAdmin: TeamsTestUser = {
	id: "29:gone-admin",
	aadObjectId: "00000000-0000-4000-8000-00000000ad07",
	name: "Teams admin",
};

/**
 * Slack says the app was uninstalled (`app_uninstalled`, then `tokens_revoked` with the bot's token): Slack's
 * deliveries pause, none is lost (every Slack invitation stays queued, nothing unknown, failed or cancelled), the
 * log says so at warn, the Teams admin is told once, and Teams carries on. Once the app is authorised again the
 * pause lifts and every Slack invitation goes out exactly once.
 */
describe("the Slack app uninstalled during a census", () => {
	let t: TestCensus;
	let redis: Redis;
	let pause: DeliveryPause;
	const org = generateOrganisation(40, 23, "both");
	const admin = org[0] as SyntheticEmployee;
	const onSlack = org.filter((p) => p.platform === "slack");
	const onTeams = org.filter((p) => p.platform === "teams");
	const slackSends = () =>
		onSlack.reduce((n, p) => n + t.fake.messagesTo(p.slackUserId).length, 0);
	const states = async (platform: "slack" | "teams") =>
		Object.fromEntries(
			(
				await t.runtime.prisma.$queryRawUnsafe<{ state: string; n: number }[]>(
					`select d.state, count(*)::int as n from delivery d join employee e on e.id = d.employee_id
					 where d.kind = 'invite' and ${platform === "slack" ? "e.slack_user_id" : "e.teams_user_id"} is not null
					 group by 1`,
				)
			).map((r) => [r.state, r.n]),
		);
	const logged = (msg: string) =>
		t.logs
			.map((l) => JSON.parse(l) as Record<string, unknown>)
			.filter((l) => l.msg === msg);
	const noticesToAdmin = () =>
		(t.connector?.delivered("send") ?? []).filter(
			(c) =>
				c.conversationId === personalConversationId(teamsAdmin.aadObjectId),
		);

	beforeAll(async () => {
		t = await startTestCensus({
			admins: [admin.slackUserId, teamsAdmin.aadObjectId],
			label: "slackgone",
			// Slow enough that most Slack invitations are still queued when the app goes.
			messagesPerSecond: 2,
			teams: {},
		});
		expect(await importPeople(t, org)).toBe(0);
		redis = new Redis(t.runtime.redisUrl);
		pause = new DeliveryPause(redis, t.runtime.redisPrefix, (p) =>
			p === "slack" ? t.runtime.deliveries : t.runtime.teamsDeliveries,
		);
	}, 60_000);

	afterAll(async () => {
		redis?.disconnect();
		await t?.stop();
	});

	it("a revoked user token alone pauses nothing", async () => {
		const sent = await t.sim.event({
			type: "tokens_revoked",
			tokens: { oauth: [admin.slackUserId] },
		});
		expect(sent.status).toBe(200);
		await until(
			() =>
				logged("slack revoked user tokens only: the bot's token still works")
					.length === 1,
			10_000,
			"the event",
		);
		expect(await t.runtime.deliveries.queue.isPaused()).toBe(false);
	});

	it("pauses Slack's deliveries without losing one, tells the Teams admin once, and Teams carries on", async () => {
		const started = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"start channel=#leadership",
		);
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
		await until(() => slackSends() >= 2, 20_000, "the first Slack sends");
		// The app is removed: Slack refuses its token from now on, and sends both events, in either order.
		t.fake.uninstall();
		expect((await t.sim.event({ type: "app_uninstalled" })).status).toBe(200);
		expect(
			(
				await t.sim.event({
					type: "tokens_revoked",
					tokens: { bot: ["UBOTCENSUS"] },
				})
			).status,
		).toBe(200);
		await until(
			async () => await t.runtime.deliveries.queue.isPaused(),
			10_000,
			"the pause",
		);
		// Sends already under way end (Slack refuses them: nothing sent, so they are queued again); then nothing
		// more goes to Slack.
		await until(
			async () => (await states("slack")).sending === undefined,
			30_000,
			"the sends under way to end",
		);
		const sentBefore = slackSends();
		await new Promise((r) => setTimeout(r, 3000));
		expect(slackSends()).toBe(sentBefore);
		expect(sentBefore).toBeLessThan(onSlack.length);
		// A job a worker had already taken before the pause may still claim its delivery while it waits for the
		// pacer; Slack refuses it too and it is queued again. Nothing is sent either way.
		await until(
			async () => (await states("slack")).sending === undefined,
			30_000,
			"the last taken jobs to end",
		);
		expect(slackSends()).toBe(sentBefore);
		const slack = await states("slack");
		expect(slack).toEqual({
			sent: sentBefore,
			queued: onSlack.length - sentBefore,
		});
		// Teams carries on: every Teams invitation goes out.
		await until(
			async () => (await states("teams")).sent === onTeams.length,
			30_000,
			"every Teams invitation",
		);
		await until(() => noticesToAdmin().length === 1, 20_000, "the notice");
		const notice = JSON.stringify(noticesToAdmin()[0]?.body);
		// Told by the event, or by a send Slack refused first (whichever came first: the admins are told once).
		expect(notice).toMatch(
			/Slack told me the Census app (was uninstalled|lost its bot token)/,
		);
		expect(notice).toContain("None is lost");
		const warned = logged(
			"the platform refused the app: its deliveries are paused until the app is reinstalled and the census restarted",
		);
		expect(warned).toHaveLength(1);
		expect(warned[0]).toMatchObject({ level: 40, platform: "slack" });
	});

	it("says so in the Teams admin's status", async () => {
		const connector = t.connector;
		if (!connector) throw new Error("no fake Bot Connector");
		const before = connector.calls.length;
		const sender = new TeamsActivitySender({
			messagesUrl: `${t.runtime.url}/api/messages`,
			appId: testTeamsApp.appId,
			signer: connector.signer,
		});
		await sender.post(
			personalMessage(
				{
					serviceUrl: connector.serviceUrl,
					tenantId: testTeamsApp.tenantId,
					appId: testTeamsApp.appId,
				},
				teamsAdmin,
				"census status",
			),
		);
		const said = JSON.stringify(
			connector.calls.slice(before).map((c) => c.body),
		);
		expect(said).toContain("Messages on Slack are paused:");
		expect(said).toContain(`0 unknown`);
	});

	it("stays paused while Slack still refuses the app, then sends every waiting invitation exactly once", async () => {
		const logger = createLogger("silent");
		// What the start-up asks: does Slack take the configured token?
		const client = new WebClient("xoxb-test", {
			slackApiUrl: t.fake.apiUrl,
			retryConfig: { retries: 0 },
		});
		const authorised = async () => (await client.auth.test()).ok === true;
		expect(await resumeWhenAuthorised(pause, "slack", authorised, logger)).toBe(
			false,
		);
		expect(await t.runtime.deliveries.queue.isPaused()).toBe(true);
		t.fake.reinstall();
		expect(await resumeWhenAuthorised(pause, "slack", authorised, logger)).toBe(
			true,
		);
		await until(
			async () => (await states("slack")).sent === onSlack.length,
			60_000,
			"every Slack invitation",
		);
		for (const p of onSlack)
			expect(t.fake.messagesTo(p.slackUserId), p.email).toHaveLength(1);
		expect(await pause.pausedOf("slack")).toBeNull();
		expect(noticesToAdmin()).toHaveLength(1);
	});
});
