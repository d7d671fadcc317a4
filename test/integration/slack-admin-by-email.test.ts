import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { text } from "../../src/chat/messages.js";
import { waitFor } from "../../src/sim/wait-for.js";
import {
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";

/** An admin named by email in CENSUS_ADMINS is recognised through Slack's directory, before being on any roster. */
describe("admins named by email in Slack", () => {
	let t: TestCensus;

	async function reply(userId: string, command: string): Promise<string> {
		const sent = await t.sim.slashCommand(userId, "/census", command);
		return waitFor(
			() =>
				(
					t.fake.responses.find((r) => r.url === sent.responseUrl)?.body as
						| { text?: string }
						| undefined
				)?.text,
			10_000,
			"a reply",
		);
	}

	beforeAll(async () => {
		t = await startTestCensus({
			admins: ["boss@example.org", "ghost@example.org"],
			label: "adminemail",
		});
		t.fake.addUser({ id: "UBOSS", email: "Boss@Example.org" });
		t.fake.addUser({ id: "UOTHER", email: "other@example.org" });
	}, 60_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("recognises the admin by their Slack email although the roster is empty", async () => {
		expect(await reply("UBOSS", "help")).toContain("Census commands");
		expect(
			t.fake.callsTo("users.lookupByEmail").map((c) => c.params.email),
		).toContain("boss@example.org");
	});

	it("refuses anyone else, and logs why without any email", async () => {
		expect(await reply("UOTHER", "help")).toBe(text.notAdmin);
		const refusal = await waitFor(
			() => t.logs.find((l) => l.includes("refused a census command")),
			5000,
			"the refusal logged",
		);
		expect(refusal).toContain("no active Slack account with that email");
		expect(JSON.parse(refusal)).toMatchObject({
			reason: "admin-email-not-found",
			count: 1,
			total: 2,
		});
		for (const line of t.logs) {
			expect(line).not.toContain("ghost@example.org");
			expect(line.toLowerCase()).not.toContain("boss@example.org");
		}
	});
});
