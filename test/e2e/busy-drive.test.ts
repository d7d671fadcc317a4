import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerAdmission } from "../../src/chat/answer-admission.js";
import { type DriveResult, runDrive } from "../../src/demo/run-drive.js";
import {
	slackAdminConsole,
	slackEmployees,
} from "../../src/demo/slack-drive-parts.js";
import { generateOrganisation } from "../../src/demo/synthetic-organisation.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";

/**
 * The demo's drive when the bot says "busy" to every answer (an admission that takes none): nobody is counted as
 * having answered, since nothing was recorded; they are counted as having given up.
 */
describe("a simulated drive whose answers are all refused as busy", () => {
	let t: TestCensus;
	let result: DriveResult;
	const people = generateOrganisation(6, 9);
	const admin = "U1000000";

	beforeAll(async () => {
		t = await startTestCensus({
			admins: [admin],
			label: "busydrive",
			answerAdmission: new AnswerAdmission({
				maxInFlight: 0,
				maxWaitMs: 1500,
				commitWithinMs: 2500,
			}),
		});
		expect(await importPeople(t, people)).toBe(0);
		result = await runDrive({
			runtime: t.runtime,
			admin: slackAdminConsole(t.fake, t.sim, admin),
			employees: { slack: slackEmployees(t.fake, t.sim) },
			people,
			questions: ["key"],
			closesOn: new Date(Date.now() + 7 * 86_400_000)
				.toISOString()
				.slice(0, 10),
		});
	}, 120_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("counts nobody as answered, and everyone who tried as having given up", () => {
		const tried = people.filter((p) => p.behaviour === "answers").length;
		expect(tried).toBeGreaterThan(0);
		expect(result.answered).toBe(0);
		expect(result.unanswered).toBe(tried);
	});
});
