import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { text } from "../../src/chat/messages.js";
import type { SyntheticEmployee } from "../../src/demo/synthetic-organisation.js";
import { testTeamsApp } from "../support/start-test-census.js";
import {
	type FuzzApp,
	fuzzRuns,
	fuzzSeed,
	fuzzStopTimeoutMs,
	fuzzTimeoutMs,
	startFuzzApp,
	teamsUserOf,
} from "./fuzz-app.js";
import { slackRequest, teamsActivity } from "./outsider-requests.js";

/** F4 (§7.5): the same answer form sent 2–10 times at once, on both platforms. */
describe("F4: concurrent duplicates", () => {
	let f: FuzzApp;
	let raw: pg.Client;
	/** People who have not answered yet: each run takes one. */
	let fresh: SyntheticEmployee[];

	beforeAll(async () => {
		f = await startFuzzApp("fuzzf4", 120);
		raw = new pg.Client({ connectionString: f.t.db.url });
		await raw.connect();
		fresh = f.people.filter((p) => !f.admins.includes(p.email));
	}, 120_000);
	afterAll(async () => {
		await raw?.end();
		await f?.stop();
	}, fuzzStopTimeoutMs);

	/** The person's own invitation rows that say they answered. */
	async function respondedRows(p: SyntheticEmployee): Promise<number> {
		const { rows } = await raw.query<{ n: number }>(
			`select count(*)::int as n from invitation i join employee e on e.id = i.employee_id
			 where e.email = $1 and i.status = 'responded'`,
			[p.email],
		);
		return rows[0]?.n ?? 0;
	}

	/** Sends the one request `copies` times at once; each reply's body. */
	async function sendCopies(
		p: SyntheticEmployee,
		copies: number,
	): Promise<string[]> {
		if (p.platform === "slack") {
			// Byte for byte the same request, signature included: what a retry or a double click delivers.
			const req = slackRequest(f, "submit", {
				userId: p.slackUserId,
				teamId: f.t.fake.ids.teamId,
			});
			return Promise.all(
				Array.from({ length: copies }, async () => {
					const res = await fetch(f.t.sim.eventsUrl, {
						method: "POST",
						headers: req.headers,
						body: req.body,
					});
					const body = await res.text();
					return res.status === 200 ? body : `status ${res.status}`;
				}),
			);
		}
		const activity = teamsActivity(f, "submit", {
			user: teamsUserOf(p),
			channelDataTenant: testTeamsApp.tenantId,
			conversationTenant: testTeamsApp.tenantId,
		});
		return Promise.all(
			Array.from({ length: copies }, async () => {
				const res = await f.teams.post(activity);
				return res.status === 200 ? res.body : `status ${res.status}`;
			}),
		);
	}

	it(
		"records exactly one participation and one ballot, and thanks once",
		async () => {
			const runs = Math.min(fresh.length, fuzzRuns(30, 100));
			let sent = 0;
			const run = await fc.check(
				fc.asyncProperty(
					fc.integer({ min: 2, max: 10 }),
					fc.boolean(),
					async (copies, slack) => {
						// Alternate platforms as the generator says, while people of that platform are left.
						const i = fresh.findIndex(
							(p) => p.platform === (slack ? "slack" : "teams"),
						);
						const p = fresh.splice(i === -1 ? 0 : i, 1)[0];
						if (!p) throw new Error("ran out of people who have not answered");
						const before = await f.counts();
						let replies = await sendCopies(p, copies);
						sent += copies;
						// Every copy shed under load ("busy, send it again"; a loaded machine, six fuzz files at once,
						// failed F4 so): the person sends it again, as they are told, until one is let in.
						for (
							let round = 1;
							round < 10 && replies.every((r) => /send it again/.test(r));
							round++
						) {
							replies = await sendCopies(p, copies);
							sent += copies;
						}
						const name = `${p.platform}, ${copies} copies, replies ${JSON.stringify(replies.map((r) => r.slice(0, 160)))}`;
						expect(await respondedRows(p), name).toBe(1);
						expect(await f.counts(), name).toEqual({
							participation: before.participation + 1,
							ballots: before.ballots + 1,
						});
						expect(
							replies.filter((r) => r.includes(text.thanks)),
							name,
						).toHaveLength(1);
						// The others say it was already answered (or, shed under load, to send it again).
						for (const r of replies.filter((r) => !r.includes(text.thanks)))
							expect(r, name).toMatch(/already answered|send it again/);
						expect(f.faults).toEqual([]);
					},
				),
				{ numRuns: runs, seed: fuzzSeed, endOnFailure: true },
			);
			if (run.failed)
				throw new Error(
					`F4 failed after ${run.numRuns} runs (seed ${run.seed}, path ${run.counterexamplePath}): ${String(run.errorInstance)}`,
				);
			// The pool holds one ballot per person who answered, shuffles and all.
			const { rows } = await raw.query<{ ballots: number; responded: number }>(
				`select (select count(*)::int from sealed_ballot) as ballots,
				        (select count(*)::int from invitation where status = 'responded') as responded`,
			);
			expect(rows[0]?.ballots).toBe(rows[0]?.responded);
			expect(rows[0]?.responded).toBe(runs);
			console.info(
				`F4: ${runs} answers sent ${sent} times in all, concurrently: ${rows[0]?.responded} recorded, ${rows[0]?.ballots} ballots`,
			);
		},
		fuzzTimeoutMs,
	);
});
