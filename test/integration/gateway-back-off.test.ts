import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrganisation } from "../../src/demo/synthetic-organisation.js";
import { queueNames } from "../../src/jobs/job-definitions.js";
import { personalConversationId } from "../../src/sim/fake-bot-connector.js";
import { waitFor } from "../../src/sim/wait-for.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";

type LogLine = {
	msg?: string;
	queue?: string;
	status?: number;
	durationMs?: number;
};

/**
 * What a 2 s back-off leaves between two calls at least: the calls already given their slot still go on (8
 * deliveries in flight, on Teams each up to two calls, 51 ms apart at 20 a second). Without the back-off, calls
 * are 51 ms apart.
 */
const pauseMs = 800;

/** The longest pause between calls from the `i`th on: sends that had their slot already go on, then none. */
function longestGapFrom(calls: { at: number }[], i: number): number {
	let longest = 0;
	for (let j = i + 1; j < calls.length; j++)
		longest = Math.max(longest, (calls[j]?.at ?? 0) - (calls[j - 1]?.at ?? 0));
	return longest;
}

/**
 * A 503 from either platform, through the real workers and queues: it pauses that platform's queue (never the
 * other's) with back-off, and is never recorded as a definite failure. A 503 to a Slack or Teams send may have
 * delivered, so that invitation is `unknown` (never resent on its own); a 503 to creating a Teams conversation sent
 * nothing, so that invitation waits and goes out once.
 */
describe("a 503 from Slack or Teams backs that platform's queue off", () => {
	let t: TestCensus;
	const people = generateOrganisation(40, 31, "both");
	const admin = people[0];
	const onSlack = people.filter((_, i) => i % 2 === 0);
	const onTeams = people.filter((_, i) => i % 2 === 1);
	const logs = () => t.logs.map((l) => JSON.parse(l) as LogLine);
	const states = async (kind = "invite") =>
		t.runtime.prisma.$queryRawUnsafe<
			{ slack: string | null; teams: string | null; state: string }[]
		>(
			`select e.slack_user_id as slack, e.teams_user_id as teams, d.state
			 from delivery d join employee e on e.id = d.employee_id where d.kind = $1`,
			kind,
		);
	const settled = async (kind: string) => {
		const deadline = Date.now() + 60_000;
		while (
			(await states(kind)).length === 0 ||
			(await states(kind)).some(
				(s) => s.state === "queued" || s.state === "sending",
			)
		) {
			if (Date.now() > deadline) throw new Error(`not every ${kind} settled`);
			await new Promise((r) => setTimeout(r, 100));
		}
	};

	beforeAll(async () => {
		if (!admin) throw new Error("no admin");
		t = await startTestCensus({
			admins: [admin.slackUserId],
			label: "gatewaybackoff",
			// Paced so that more deliveries wait than are in flight (8 workers' slots): a pause shows as a gap.
			messagesPerSecond: 20,
			teams: { messagesPerSecond: 20 },
		});
		expect(await importPeople(t, people)).toBe(0);
		t.fake.failNext("chat.postMessage", 503);
		t.connector?.failNext({ status: 503 }, { kinds: ["create-conversation"] });
		const started = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"start channel=#leadership",
		);
		await waitFor(
			() => t.fake.responses.find((r) => r.url === started.responseUrl),
			10_000,
			"the start reply",
		);
		await settled("invite");
	}, 90_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("Slack: the invitation the 503 answered is unknown, the rest sent once, the Slack queue paused", async () => {
		const slackStates = (await states()).filter((s) => s.slack !== null);
		expect(slackStates).toHaveLength(onSlack.length);
		expect(slackStates.filter((s) => s.state === "unknown")).toHaveLength(1);
		expect(slackStates.filter((s) => s.state === "sent")).toHaveLength(
			onSlack.length - 1,
		);
		const posts = t.fake.calls.filter((c) => c.method === "chat.postMessage");
		const faulted = posts.findIndex((c) => c.error === "http_503");
		expect(faulted).toBeGreaterThanOrEqual(0);
		// Never resent on its own.
		const to = posts[faulted]?.params.channel;
		expect(posts.filter((c) => c.params.channel === to)).toHaveLength(1);
		// The queue paused for the default 2 s.
		expect(longestGapFrom(posts, faulted)).toBeGreaterThanOrEqual(pauseMs);
		expect(
			logs().filter(
				(l) =>
					l.msg === "platform overloaded: queue paused" &&
					l.queue === queueNames.deliveries,
			),
		).toEqual([expect.objectContaining({ status: 503, durationMs: 2000 })]);
	});

	it("Teams: a 503 to creating a conversation sends nothing: the invitation waits, the Teams queue pauses, then it goes once", async () => {
		const connector = t.connector;
		if (!connector) throw new Error("no connector");
		const teamsStates = (await states()).filter((s) => s.teams !== null);
		expect(teamsStates).toHaveLength(onTeams.length);
		expect(teamsStates.every((s) => s.state === "sent")).toBe(true);
		const faulted = connector.calls.findIndex(
			(c) => c.kind === "create-conversation" && c.status === 503,
		);
		const member = (
			(connector.calls[faulted]?.body ?? {}) as { members?: { id?: string }[] }
		).members?.[0]?.id;
		expect(member).toBeDefined();
		expect(
			connector
				.delivered("send")
				.filter(
					(c) => c.conversationId === personalConversationId(member ?? ""),
				),
		).toHaveLength(1);
		expect(longestGapFrom(connector.calls, faulted)).toBeGreaterThanOrEqual(
			pauseMs,
		);
		expect(
			logs()
				.filter((l) => l.queue === queueNames.teamsDeliveries)
				.map((l) => [l.msg, l.status, l.durationMs]),
		).toEqual([["platform rate limit: queue paused", 503, 2000]]);
	});

	it("Teams: a 503 to a send (a reminder) is unknown, never resent, and pauses the Teams queue only", async () => {
		const connector = t.connector;
		if (!connector || !admin) throw new Error("no connector");
		const from = connector.calls.length;
		const logsFrom = t.logs.length;
		connector.failNext({ status: 503 }, { kinds: ["send"] });
		await t.sim.slashCommand(admin.slackUserId, "/census", "remind");
		await settled("reminder");
		const reminders = (await states("reminder")).filter(
			(s) => s.teams !== null,
		);
		expect(reminders).toHaveLength(onTeams.length);
		expect(reminders.filter((s) => s.state === "unknown")).toHaveLength(1);
		const calls = connector.calls.slice(from);
		const faulted = calls.findIndex((c) => c.status === 503);
		expect(calls[faulted]?.kind).toBe("send");
		const to = calls[faulted]?.conversationId;
		expect(calls.filter((c) => c.conversationId === to)).toHaveLength(1);
		expect(longestGapFrom(calls, faulted)).toBeGreaterThanOrEqual(pauseMs);
		expect(
			t.logs
				.slice(logsFrom)
				.map((l) => JSON.parse(l) as LogLine)
				.filter((l) => l.msg?.endsWith("queue paused"))
				.map((l) => [l.msg, l.queue, l.status, l.durationMs]),
		).toEqual([
			[
				"platform overloaded: queue paused",
				queueNames.teamsDeliveries,
				503,
				2000,
			],
		]);
	}, 90_000);
});
