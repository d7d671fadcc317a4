import { modalAnswers } from "../../../src/demo/modal-answers.js";
import type { SyntheticEmployee } from "../../../src/demo/synthetic-organisation.js";
import type { QuestionKey } from "../../../src/domain/questions/catalogue.js";
import { waitFor } from "../../../src/sim/wait-for.js";
import type { TestCensus } from "../../support/start-test-census.js";

/** One person answers as in Slack: the invitation's button, then the question modal, signed like Slack signs. */
export async function answerThroughSlack(
	t: TestCensus,
	person: SyntheticEmployee,
	questions: readonly QuestionKey[],
): Promise<void> {
	const dm = t.fake.messagesTo(person.slackUserId)[0];
	if (!dm) throw new Error(`no invitation for ${person.slackUserId}`);
	const before = t.fake.openedViews(person.slackUserId).length;
	await t.sim.clickButton({
		userId: person.slackUserId,
		actionId: "census_answer",
		channel: dm.channel,
		messageTs: dm.ts,
	});
	const view = await waitFor(
		() => t.fake.openedViews(person.slackUserId)[before],
		30_000,
		"the question modal",
	);
	const res = await t.sim.submitView({
		userId: person.slackUserId,
		view,
		values: modalAnswers(person.answers, questions),
	});
	if (res.status !== 200) throw new Error(`submission failed: ${res.status}`);
}
