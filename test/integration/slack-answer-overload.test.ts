import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerAdmission } from "../../src/chat/answer-admission.js";
import { text } from "../../src/chat/messages.js";
import { modalAnswers } from "../../src/demo/modal-answers.js";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";
import { waitForSlackInvitations } from "../support/wait-for-slack-invitations.js";

/**
 * Under overload the answer modal says "busy, send it again" before anything is sealed or written, so nobody is
 * shown a failure for an answer that counted. Small scale: correctness, not timing.
 */
describe("Slack answers under overload", () => {
	let t: TestCensus;
	let people: SyntheticEmployee[];
	let campaignId: string;
	// Two answers at a time in this process.
	const admission = new AnswerAdmission({
		maxInFlight: 2,
		maxWaitMs: 1500,
		commitWithinMs: 2500,
	});

	const submit = (p: SyntheticEmployee, i: number) =>
		t.sim.submitView({
			userId: p.slackUserId,
			view: {
				id: `VLOAD${i}`,
				callback_id: "census_answer_modal",
				private_metadata: campaignId,
			},
			values: modalAnswers(p.answers.key ? p.answers : { key: "occ_pnts" }, [
				"key",
			]),
		});
	const stored = async () =>
		(
			await t.runtime.prisma.$queryRawUnsafe<{ n: number }[]>(
				"select count(*)::int as n from sealed_ballot",
			)
		)[0]?.n;
	const responded = async () =>
		(await t.runtime.service.responseRates(campaignId as never)).overall
			.responded;

	beforeAll(async () => {
		people = generateOrganisation(30, 17);
		const admin = people[0] as SyntheticEmployee;
		t = await startTestCensus({
			admins: [admin.slackUserId],
			label: "overload",
			answerAdmission: admission,
		});
		expect(await importPeople(t, people)).toBe(0);
		await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"start channel=#leadership",
		);
		await waitForSlackInvitations(t, people, 30_000);
		const campaign = await t.runtime.service.currentCampaign();
		if (!campaign) throw new Error("no campaign is open");
		campaignId = campaign.id;
	}, 60_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("keeps the modal open with 'busy' and writes nothing while every slot is taken, then records the answer sent again", async () => {
		const held = [
			admission.enter(performance.now()),
			admission.enter(performance.now()),
		];
		const p = people[1] as SyntheticEmployee;
		const busy = await submit(p, 1);
		expect(busy.status).toBe(200);
		expect(JSON.parse(busy.body)).toEqual({
			response_action: "errors",
			errors: { q_key: text.busy },
		});
		expect(await stored()).toBe(0);
		expect(await responded()).toBe(0);
		// Someone not on the roster gets the neutral reply even now: never the questions, nor that a census is busy.
		const outsider = await t.sim.submitView({
			userId: "U0OUTSIDER",
			view: {
				id: "VLOADOUT",
				callback_id: "census_answer_modal",
				private_metadata: campaignId,
			},
			values: modalAnswers({ key: "occ_pnts" }, ["key"]),
		});
		expect(outsider.status).toBe(200);
		expect(outsider.body).not.toContain(text.busy);
		expect(outsider.body).toContain(text.notInvited.slice(0, 30));
		for (const h of held) h?.release();
		const again = await submit(p, 1);
		expect(again.body).toContain(text.thanks.slice(0, 30));
		expect(await stored()).toBe(1);
		expect(await responded()).toBe(1);
	});

	it("in a burst, every reply is either 'recorded' for a stored answer or 'busy' for one not written; sent again, each counts once", async () => {
		const burst = people.slice(2, 26);
		const pending = new Set(burst);
		let busyReplies = 0;
		for (let round = 0; round < 20 && pending.size > 0; round++) {
			const before = await stored();
			const replies = await Promise.all(
				[...pending].map(async (p) => ({ p, res: await submit(p, round) })),
			);
			let thanked = 0;
			for (const { p, res } of replies) {
				expect(res.status).toBe(200);
				if (res.body.includes(text.busy)) busyReplies++;
				else {
					expect(res.body).toContain(text.thanks.slice(0, 30));
					thanked++;
					pending.delete(p);
				}
			}
			// Exactly the answers acknowledged as recorded were stored: none of the "busy" ones.
			expect(await stored()).toBe((before ?? 0) + thanked);
		}
		expect(pending.size).toBe(0);
		expect(busyReplies).toBeGreaterThan(0);
		expect(await stored()).toBe(1 + burst.length);
		expect(await responded()).toBe(1 + burst.length);
	}, 60_000);

	it("asks Slack who the bot is once, not once per request", () => {
		expect(t.fake.callsTo("auth.test").length).toBeLessThanOrEqual(1);
	});
});
