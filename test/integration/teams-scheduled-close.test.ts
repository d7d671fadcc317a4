import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrganisation } from "../../src/demo/synthetic-organisation.js";
import { personalConversationId } from "../../src/sim/fake-bot-connector.js";
import {
	personalMessage,
	type TeamsActivityContext,
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

/** The admin, by Entra object id (an admin id), not on the roster: she starts the census in her own chat. */
const ada: TeamsTestUser = {
	id: "29:ada-close",
	aadObjectId: "00000000-0000-4000-8000-00000000ad05",
	name: "Ada",
};
const leadership = "19:close-leadership@thread.tacv2";
const day = 86_400_000;

/**
 * A census started in Teams closes by itself at its closing time: the admin who started it is told in her own
 * Teams chat, in Teams' words (`census results`, markdown), that the preview waits for her. The whole app runs
 * (web, worker and tally roles, PostgreSQL, Redis) against the fake Bot Connector; everyone is on Teams.
 */
describe("the scheduled close, in Teams", () => {
	let t: TestCensus;
	let sender: TeamsActivitySender;
	let ctx: TeamsActivityContext;
	const openedAt = new Date();
	let now = openedAt;

	beforeAll(async () => {
		t = await startTestCensus({
			admins: [ada.aadObjectId],
			label: "teamsclose",
			teams: {},
			clock: { now: () => now },
			tickMs: 250,
		});
		const people = generateOrganisation(12, 5).map((p) => ({
			...p,
			platform: "teams" as const,
		}));
		expect(await importPeople(t, people)).toBe(0);
		const connector = t.connector;
		if (!connector) throw new Error("the census runs without Teams");
		sender = new TeamsActivitySender({
			messagesUrl: `${t.runtime.url}/api/messages`,
			appId: testTeamsApp.appId,
			signer: connector.signer,
		});
		ctx = {
			serviceUrl: connector.serviceUrl,
			tenantId: testTeamsApp.tenantId,
			appId: testTeamsApp.appId,
		};
	}, 60_000);
	afterAll(async () => {
		await t?.stop();
	});

	/** Texts of the messages the bot sent into Ada's own chat, as she reads them (card texts and summary). */
	const toAda = () =>
		(t.connector?.delivered("send") ?? [])
			.filter((c) => c.conversationId === personalConversationId(ada.id))
			.map((c) => JSON.stringify(c.body));

	it("tells the admin in her Teams chat, in Teams' words, that the results wait for her", async () => {
		const closes = new Date(openedAt.getTime() + 14 * day)
			.toISOString()
			.slice(0, 10);
		const started = await sender.post(
			personalMessage(
				ctx,
				ada,
				`census start name="Close census" closes=${closes} channel=${leadership}`,
			),
		);
		expect(started.status).toBe(200);
		// The start runs after its turn and says so: the campaign is open once its outcome arrives.
		await waitFor(
			() => toAda().find((m) => /is open until/.test(m)),
			30_000,
			"the start's outcome",
		);
		const campaign = await t.runtime.service.currentCampaign();
		expect(campaign?.startedBy).toBe(ada.aadObjectId);
		const before = toAda().length;
		now = new Date(openedAt.getTime() + 16 * day);
		const deadline = Date.now() + 30_000;
		while ((await t.runtime.service.listCampaigns(1))[0]?.status !== "closed") {
			if (Date.now() > deadline)
				throw new Error("Timed out waiting for the automatic close");
			await new Promise((r) => setTimeout(r, 100));
		}
		const notice = await waitFor(
			() =>
				toAda()
					.slice(before)
					.find((m) => /closed as planned/.test(m)),
			15_000,
			"the admin's notice in Teams",
		);
		expect(notice).toContain("**Close census** closed as planned");
		expect(notice).toContain("run `census results` to check the preview");
		expect(notice).not.toContain("/census");
		// The outbox row settles just after the message arrived.
		const notices = () =>
			t.runtime.prisma.$queryRawUnsafe<
				{ kind: string; state: string; recipient: string }[]
			>(
				"select kind, state, recipient from delivery where campaign_id = $1::uuid and kind = 'notice'",
				campaign?.id,
			);
		const settleBy = Date.now() + 10_000;
		while ((await notices())[0]?.state === "sending" && Date.now() < settleBy)
			await new Promise((r) => setTimeout(r, 50));
		expect(await notices()).toEqual([
			{ kind: "notice", state: "sent", recipient: ada.aadObjectId },
		]);
		expect(t.logs.join("\n")).not.toContain("not_a_teams_channel");
	});
});
