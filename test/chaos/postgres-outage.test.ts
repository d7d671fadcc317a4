import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { text } from "../../src/chat/messages.js";
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
import { TcpProxy } from "../support/tcp-proxy.js";

const full = process.env.CENSUS_CHAOS === "full";
const outageMs = full ? 60_000 : 5_000;

/**
 * R3 (docs/privacy-tests.md §7.3): PostgreSQL unreachable while people answer. No one is thanked for an answer
 * that was not committed; everyone gets an explicit error; the app recovers by itself when PostgreSQL returns.
 */
describe("R3: PostgreSQL down during answers", () => {
	let t: TestCensus;
	let proxy: TcpProxy;
	let people: SyntheticEmployee[];
	let campaignId: string;
	const direct = () => {
		const c = new pg.Client({ connectionString: t.db.url });
		return c;
	};
	const ballots = async () => {
		const c = direct();
		await c.connect();
		try {
			return (
				await c.query<{ n: number }>(
					"select count(*)::int as n from sealed_ballot",
				)
			).rows[0]?.n;
		} finally {
			await c.end();
		}
	};
	const submit = (p: SyntheticEmployee) =>
		t.sim.submitView({
			userId: p.slackUserId,
			view: {
				id: `VR3${p.slackUserId}`,
				callback_id: "census_answer_modal",
				private_metadata: campaignId,
			},
			values: modalAnswers(p.answers.key ? p.answers : { key: "occ_pnts" }, [
				"key",
			]),
		});

	beforeAll(async () => {
		proxy = await TcpProxy.start(5432);
		people = generateOrganisation(40, 9);
		const admin = people[0] as SyntheticEmployee;
		t = await startTestCensus({
			admins: [admin.slackUserId],
			label: "pg-outage",
			databasePort: proxy.port,
		});
		expect(await importPeople(t, people)).toBe(0);
		await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"start channel=#leadership",
		);
		const campaign = await waitFor(
			() => (t.fake.responses.length > 0 ? true : undefined),
			15_000,
			"the start reply",
		).then(() => t.runtime.service.currentCampaign());
		if (!campaign) throw new Error("no campaign");
		campaignId = campaign.id;
	}, 60_000);

	afterAll(async () => {
		proxy?.up();
		await t?.stop();
		await proxy?.close();
	});

	it(
		"thanks nobody without a commit, says so explicitly, and recovers without a restart",
		async () => {
			const during = people.slice(1, 11);
			const before = await ballots();
			proxy.down();
			const answers = await Promise.all(during.map(submit));
			for (const a of answers) {
				expect(a.status).toBe(200);
				expect(a.body).not.toContain(text.thanks);
				expect(a.body).toMatch(/went wrong|try again/i);
			}
			expect(await ballots()).toBe(before);
			await new Promise((r) => setTimeout(r, outageMs));
			proxy.up();
			const back = Date.now();
			// The same people try again until it works; it must work within 30 s.
			const pending = new Set(during);
			while (pending.size > 0 && Date.now() - back < 30_000) {
				for (const p of [...pending]) {
					const res = await submit(p);
					if (res.body.includes(text.thanks)) pending.delete(p);
				}
				if (pending.size > 0) await new Promise((r) => setTimeout(r, 500));
			}
			console.info(
				"R3",
				JSON.stringify({ outageMs, recoveredAfterMs: Date.now() - back }),
			);
			expect(pending.size).toBe(0);
			expect(await ballots()).toBe((before ?? 0) + during.length);
		},
		outageMs + 120_000,
	);
});
