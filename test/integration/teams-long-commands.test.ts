import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrganisation } from "../../src/demo/synthetic-organisation.js";
import { personalConversationId } from "../../src/sim/fake-bot-connector.js";
import type { ConnectorCall } from "../../src/sim/fake-bot-connector-types.js";
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
import { TcpProxy } from "../support/tcp-proxy.js";

const ada: TeamsTestUser = {
	id: "29:ada-long",
	aadObjectId: "00000000-0000-4000-8000-00000000ad10",
	name: "Ada",
};
const leadership = "19:long-leadership@thread.tacv2";
const adaChat = personalConversationId(ada.id);

/**
 * Teams waits for a turn's answer only seconds: the admin commands that can take long whatever the roster size
 * answer within the turn and report their outcome proactively in the same chat. The app reaches PostgreSQL through
 * a proxy that holds its answers back (a slow database), or cuts it (a failure after the turn).
 */
describe("long admin commands in Teams", () => {
	let t: TestCensus;
	let proxy: TcpProxy;
	let sender: TeamsActivitySender;
	let ctx: TeamsActivityContext;
	/** The database as it is, not through the proxy: what the test reads to see where the work stands. */
	let direct: pg.Client;

	beforeAll(async () => {
		proxy = await TcpProxy.start(5432);
		t = await startTestCensus({
			admins: [ada.aadObjectId],
			label: "teamslong",
			teams: {},
			roles: ["web", "tally"],
			databasePort: proxy.port,
		});
		const people = generateOrganisation(40, 7).map((p) => ({
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
		direct = new pg.Client({ connectionString: t.db.url });
		await direct.connect();
	}, 60_000);
	afterAll(async () => {
		proxy?.slow(0);
		proxy?.up();
		await direct?.end();
		await t?.stop();
		await proxy?.close();
	});

	/** What the bot sent into Ada's chat since call `from`: within a turn (reply) or proactively (send). */
	const toAda = (from: number): ConnectorCall[] =>
		(t.connector?.calls ?? [])
			.slice(from)
			.filter((c) => c.status < 300 && c.conversationId === adaChat);
	const campaignStatuses = async () =>
		(
			await direct.query<{ status: string }>("select status from campaign")
		).rows.map((r) => r.status);

	it("answers a start within the turn and says the outcome proactively once the slow opening is done", async () => {
		const connector = t.connector;
		if (!connector) throw new Error("no connector");
		proxy.slow(150);
		const before = connector.calls.length;
		const answer = await sender.post(
			personalMessage(
				ctx,
				ada,
				`census start name="Slow census" closes=2099-01-01 channel=${leadership}`,
			),
		);
		expect(answer.status).toBe(200);
		// When the turn is answered: one reply, and the opening is still under way.
		const atAnswer = toAda(before);
		expect(atAnswer.map((c) => [c.kind, c.body.text])).toEqual([
			[
				"reply",
				"Starting **Slow census**… I'll message you here once the invitations are queued, or if it cannot start.",
			],
		]);
		expect(await campaignStatuses()).not.toContain("open");
		const done = await waitFor(
			() =>
				toAda(before).find((c) => /is open until/.test(String(c.body.text))),
			60_000,
			"the start's outcome",
		);
		expect(done.kind).toBe("send");
		expect(done.body.text).toMatch(
			/^\*\*Slow census\*\* is open until .* The report goes to 19:long-leadership@thread\.tacv2\./,
		);
		expect(await campaignStatuses()).toEqual(["open"]);
		proxy.slow(0);
	});

	it("says a failure after the turn in the same chat, with a reference and no stack trace", async () => {
		const connector = t.connector;
		if (!connector) throw new Error("no connector");
		proxy.slow(300);
		const before = connector.calls.length;
		const answer = await sender.post(personalMessage(ctx, ada, "census check"));
		expect(answer.status).toBe(200);
		// The database goes away once the turn is answered: the check's own work fails.
		proxy.down();
		try {
			expect(toAda(before).map((c) => c.body.text)).toEqual([
				"Checking whom the census can reach… I'll message you here with the result.",
			]);
			const failed = await waitFor(
				() => toAda(before).find((c) => c.kind === "send"),
				60_000,
				"the check's failure",
			);
			const said = String(failed.body.text);
			expect(said).toMatch(
				/^Sorry, something went wrong on our side .*\(reference [0-9a-f]{8}\)\.$/,
			);
			expect(said).not.toMatch(/ at |Error|prisma/i);
			const ref = /reference ([0-9a-f]{8})/.exec(said)?.[1];
			expect(
				t.logs.some(
					(l) =>
						l.includes("admin command failed after its turn") &&
						l.includes(`"requestId":"${ref}"`),
				),
			).toBe(true);
		} finally {
			proxy.slow(0);
			proxy.up();
		}
	});
});
