import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teamsHelpText } from "../../src/chat/messages.js";
import { personalMessage } from "../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import { pgPoolOf } from "../../src/storage/prisma-client.js";
import { TeamsConversationRepository } from "../../src/storage/teams-conversation-repository.js";
import {
	startTestCensus,
	type TestCensus,
	testTeamsApp,
} from "../support/start-test-census.js";

const { appId, tenantId } = testTeamsApp;

/** The composition root wires Teams on the main server, with its conversations in PostgreSQL. */
describe("startCensus with Teams", () => {
	let t: TestCensus<"teams">;

	beforeAll(async () => {
		t = await startTestCensus({
			admins: ["aad-ada"],
			label: "teamsstart",
			platforms: ["teams"],
			// The tally role registers its key, so campaigns can be started (and closed).
			roles: ["web", "tally"],
		});
	});
	afterAll(async () => {
		await t?.stop();
	});

	it("answers census help through the connector and keeps the person's conversation", async () => {
		const { runtime, connector } = t;
		expect(runtime.teams?.mode).toBe("authenticated");
		expect(runtime.teams?.localMessagesUrl).toBeUndefined();
		const sender = new TeamsActivitySender({
			messagesUrl: `${runtime.url}/api/messages`,
			appId,
			signer: connector.signer,
		});
		const ada = { id: "29:ada", aadObjectId: "aad-ada", name: "Ada" };
		const answer = await sender.post(
			personalMessage(
				{ serviceUrl: connector.serviceUrl, tenantId, appId },
				ada,
				"census help",
			),
		);
		expect(answer.status).toBe(200);
		expect(connector.delivered("reply").map((c) => c.body.text)).toEqual([
			teamsHelpText,
		]);
		const stored = await new TeamsConversationRepository(
			pgPoolOf(runtime.prisma),
		).findByTeamsUserId("aad-ada");
		expect(stored?.userId).toBe("29:ada");
	});
});
