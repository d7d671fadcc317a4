import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modalAnswers } from "../../src/demo/modal-answers.js";
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

/**
 * R5 (docs/privacy-tests.md §7.3): every request delivered again with `X-Slack-Retry-Num` 1-3, as Slack does when
 * an answer is slow, and all copies at once. No side effect may happen twice.
 */
describe("R5: a Slack retry storm", () => {
	let t: TestCensus;
	let people: SyntheticEmployee[];
	let admin: SyntheticEmployee;
	const copies = [0, 1, 2, 3];

	beforeAll(async () => {
		people = generateOrganisation(60, 5);
		admin = people[0] as SyntheticEmployee;
		t = await startTestCensus({
			admins: [admin.slackUserId],
			label: "retry-storm",
		});
		expect(await importPeople(t, people)).toBe(0);
	}, 60_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("opens one campaign however often /census start arrives", async () => {
		await Promise.all(
			copies.map((n) =>
				t.sim.slashCommand(
					admin.slackUserId,
					"/census",
					"start channel=#leadership",
					{
						retryNum: n,
					},
				),
			),
		);
		await waitFor(
			() => (t.fake.responses.length >= copies.length ? true : undefined),
			15_000,
			"every reply",
		);
		const campaigns = await t.runtime.prisma.campaign.count();
		expect(campaigns).toBe(1);
		await waitFor(
			() =>
				people.every((p) => t.fake.messagesTo(p.slackUserId).length > 0)
					? true
					: undefined,
			30_000,
			"the invitations",
		);
		for (const p of people)
			expect(t.fake.messagesTo(p.slackUserId), p.email).toHaveLength(1);
	});

	it("records one answer however often the same submission arrives", async () => {
		const campaign = await t.runtime.service.currentCampaign();
		if (!campaign) throw new Error("no campaign");
		const answering = people.slice(1, 21);
		await Promise.all(
			answering.map((p) =>
				Promise.all(
					copies.map((n) =>
						t.sim.submitView(
							{
								userId: p.slackUserId,
								view: {
									id: `VSTORM${p.slackUserId}`,
									callback_id: "census_answer_modal",
									private_metadata: campaign.id,
								},
								values: modalAnswers(
									p.answers.key ? p.answers : { key: "occ_pnts" },
									["key"],
								),
							},
							{ retryNum: n },
						),
					),
				),
			),
		);
		const ballots = await t.runtime.prisma.sealedBallot.count();
		expect(ballots).toBe(answering.length);
		const responded = await t.runtime.prisma.invitation.count({
			where: { status: "responded" },
		});
		expect(responded).toBe(answering.length);
	});
});
