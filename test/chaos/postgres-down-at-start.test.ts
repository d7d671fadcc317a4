import { afterAll, describe, expect, it } from "vitest";
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
import { TcpProxy } from "../support/tcp-proxy.js";

const full = process.env.CENSUS_CHAOS === "full";

/** Polls an async probe every 50 ms until it gives something other than null, for up to 15 s. */
async function until<T>(
	probe: () => Promise<T | null>,
	what: string,
): Promise<T> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const found = await probe();
		if (found !== null) return found;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}
const downMs = full ? 60_000 : 4_000;

/**
 * R3, second half (docs/privacy-tests.md §7.3): the app is started while PostgreSQL is unreachable. It
 * waits and says so, instead of exiting, and serves a whole answer once PostgreSQL is back, with no restart.
 */
describe("R3: starting with PostgreSQL down", () => {
	let t: TestCensus | undefined;
	let proxy: TcpProxy | undefined;

	afterAll(async () => {
		proxy?.up();
		await t?.stop();
		await proxy?.close();
	});

	it(
		"waits for PostgreSQL, then runs a census without a restart",
		async () => {
			proxy = await TcpProxy.start(5432);
			proxy.down();
			const people = generateOrganisation(20, 4);
			const admin = people[0] as SyntheticEmployee;
			let started = false;
			const starting = startTestCensus({
				admins: [admin.slackUserId],
				label: "pg-down-start",
				databasePort: proxy.port,
			}).then((census) => {
				started = true;
				t = census;
				return census;
			});
			await new Promise((r) => setTimeout(r, downMs));
			expect(started).toBe(false);
			proxy.up();
			const back = Date.now();
			const census = await starting;
			const waitedMs = Date.now() - back;
			console.info(
				"R3 start",
				JSON.stringify({ downMs, startedAfterUpMs: waitedMs }),
			);
			expect(waitedMs).toBeLessThan(15_000);
			expect(
				census.logs.some((l) => l.includes("PostgreSQL is not reachable yet")),
			).toBe(true);
			expect(await importPeople(census, people)).toBe(0);
			await census.sim.slashCommand(
				admin.slackUserId,
				"/census",
				"start channel=#leadership",
			);
			const campaign = await until(
				() => census.runtime.service.currentCampaign(),
				"the campaign",
			);
			const person = people[1] as SyntheticEmployee;
			await until(
				async () =>
					(
						await census.runtime.store.findParticipantByUser(campaign.id, {
							platform: "slack",
							id: person.slackUserId,
						})
					)?.status === "invited" || null,
				"the invitation",
			);
			const res = await census.sim.submitView({
				userId: person.slackUserId,
				view: {
					id: "VR3START",
					callback_id: "census_answer_modal",
					private_metadata: campaign.id,
				},
				values: modalAnswers(
					person.answers.key ? person.answers : { key: "occ_pnts" },
					["key"],
				),
			});
			expect(res.body).toContain(text.thanks);
		},
		downMs + 90_000,
	);
});
