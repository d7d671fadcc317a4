import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import { waitFor } from "../../src/sim/wait-for.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";
import { until } from "../support/until.js";

/** Polls an async condition (waitFor takes a synchronous one). */

function reply(t: TestCensus, url: string | undefined): Promise<string> {
	return waitFor(
		() =>
			(
				t.fake.responses.find((r) => r.url === url)?.body as
					| { text?: string }
					| undefined
			)?.text,
		10_000,
		"a reply",
	);
}

/**
 * Invitation delivery against a fake Slack that enforces its own rate limit and fails in the two ways that
 * matter: a person who cannot be reached, and an answer lost after the message was posted.
 */
describe("delivering invitations", () => {
	let t: TestCensus;
	let people: SyntheticEmployee[];
	let admin: SyntheticEmployee;
	let gone: SyntheticEmployee;
	let lost: SyntheticEmployee;
	const statusOf = async (p: SyntheticEmployee) => {
		const rows = await t.runtime.prisma.$queryRawUnsafe<{ status: string }[]>(
			"select i.status from invitation i join employee e on e.id = i.employee_id where e.email = $1",
			p.email,
		);
		return rows[0]?.status;
	};
	const deliveryOf = async (p: SyntheticEmployee) => {
		const rows = await t.runtime.prisma.$queryRawUnsafe<{ state: string }[]>(
			"select d.state from delivery d join employee e on e.id = d.employee_id where e.email = $1 and d.kind = 'invite'",
			p.email,
		);
		return rows[0]?.state;
	};
	const dmsTo = (p: SyntheticEmployee) =>
		t.fake
			.callsTo("chat.postMessage")
			.filter((c) => c.params.channel === p.slackUserId);

	beforeAll(async () => {
		people = generateOrganisation(60, 21);
		admin = people[0] as SyntheticEmployee;
		gone = people[1] as SyntheticEmployee;
		lost = people[2] as SyntheticEmployee;
		// The app may send 40/s; the workspace allows 10/s and answers 429 with Retry-After: 1 beyond that.
		t = await startTestCensus({
			admins: [admin.slackUserId],
			label: "delivery",
			messagesPerSecond: 40,
			fakeRateLimitPerSecond: 10,
		});
		expect(await importPeople(t, people)).toBe(0);
		t.fake.refuseDmsTo(gone.slackUserId, "user_disabled");
		t.fake.dropAnswersForDmsTo(lost.slackUserId);
		const started = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"start channel=#leadership",
		);
		expect(await reply(t, started.responseUrl)).toMatch(/is open until/);
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

	it("backs off on 429 and still delivers every invitation exactly once", () => {
		const calls = t.fake.callsTo("chat.postMessage");
		expect(calls.some((c) => c.rateLimited)).toBe(true);
		for (const p of people.slice(3)) {
			const delivered = t.fake.messagesTo(p.slackUserId);
			expect(delivered, p.email).toHaveLength(1);
		}
	});

	it("marks a person Slack refuses as undeliverable and does not retry", async () => {
		expect(await statusOf(gone)).toBe("undeliverable");
		expect(await deliveryOf(gone)).toBe("undeliverable");
		expect(dmsTo(gone).filter((c) => !c.rateLimited)).toHaveLength(1);
	});

	it("marks an ambiguous send unknown, never resends it alone, and lets an admin resend it", async () => {
		expect(await deliveryOf(lost)).toBe("unknown");
		// Not known to be reached, so not counted as invited.
		expect(await statusOf(lost)).toBe("pending");
		expect(t.fake.messagesTo(lost.slackUserId)).toHaveLength(1);
		const sent = dmsTo(lost).filter((c) => !c.rateLimited).length;
		expect(sent).toBe(1);

		const status = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"status",
		);
		await reply(t, status.responseUrl);
		const body = JSON.stringify(
			t.fake.responses.find((r) => r.url === status.responseUrl)?.body,
		);
		expect(body).toContain(
			`Invitations: ${people.length - 2} sent, 0 queued, 1 unknown, 0 failed, 1 undeliverable.`,
		);

		t.fake.dropAnswersForDmsTo(lost.slackUserId, true);
		const resend = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"resend-unknown",
		);
		expect(await reply(t, resend.responseUrl)).toMatch(
			/Sending 1 message again/,
		);
		await until(
			async () => (await statusOf(lost)) === "invited",
			20_000,
			"the resent invitation",
		);
		expect(t.fake.messagesTo(lost.slackUserId)).toHaveLength(2);
	});
});
