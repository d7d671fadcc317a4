import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { text } from "../../src/chat/messages.js";
import type { SyntheticEmployee } from "../../src/demo/synthetic-organisation.js";
import { signSlackRequest } from "../../src/sim/slack-request-signer.js";
import { type FuzzApp, startFuzzApp } from "../fuzz/fuzz-app.js";
import {
	type InteractionKind,
	sendSlack,
	slackRequest,
} from "../fuzz/outsider-requests.js";

/**
 * X2 (§7.5): a valid signed Slack request sent again, byte for byte. Bolt's signature check refuses one whose
 * timestamp is more than five minutes old; inside the window, only idempotency stands between a replay and a
 * second effect.
 */
describe("X2: replayed Slack requests", () => {
	let f: FuzzApp;
	let raw: pg.Client;
	let people: SyntheticEmployee[];

	/** What a person's invitation says, and how many ballots the pool holds. */
	async function state(p: SyntheticEmployee) {
		const { rows } = await raw.query<{ status: string; ballots: number }>(
			`select i.status, (select count(*)::int from sealed_ballot) as ballots
			 from invitation i join employee e on e.id = i.employee_id where e.email = $1`,
			[p.email],
		);
		return rows[0];
	}

	/** A request as `p` sends it, signed `ageSec` seconds ago. */
	function signed(p: SyntheticEmployee, kind: InteractionKind, ageSec = 0) {
		const { body } = slackRequest(f, kind, {
			userId: p.slackUserId,
			teamId: f.t.fake.ids.teamId,
		});
		return {
			body,
			headers: signSlackRequest(
				f.t.signingSecret,
				body,
				Math.floor(Date.now() / 1000) - ageSec,
			),
		};
	}

	beforeAll(async () => {
		f = await startFuzzApp("replay", 24);
		raw = new pg.Client({ connectionString: f.t.db.url });
		await raw.connect();
		people = f.people.filter((p) => p.platform === "slack" && p !== f.admin);
	}, 120_000);
	afterAll(async () => {
		await raw?.end();
		await f?.stop();
	});

	it("an answer replayed inside the window is recorded once; the replays are told it was already answered", async () => {
		const p = people[0] as SyntheticEmployee;
		// Signed four minutes ago: still inside Bolt's five-minute window.
		const req = signed(p, "submit", 240);
		const before = await f.counts();
		const first = await sendSlack(f, req);
		expect(first.body).toContain(text.thanks);
		const after = await state(p);
		expect(after?.status).toBe("responded");
		for (let i = 0; i < 3; i++) {
			const again = await sendSlack(f, req);
			expect(again.status).toBe(200);
			expect(again.body).toContain(text.alreadyAnswered);
		}
		expect(await state(p)).toEqual(after);
		expect(await f.counts()).toEqual({
			participation: before.participation + 1,
			ballots: before.ballots + 1,
		});
	});

	it("an opt-out replayed inside the window changes nothing more, and cannot undo a later answer", async () => {
		const p = people[1] as SyntheticEmployee;
		const optOut = signed(p, "opt-out", 60);
		expect((await sendSlack(f, optOut)).status).toBe(200);
		// A button is acknowledged first and acted on after: wait for the opt-out to land.
		for (let i = 0; (await state(p))?.status !== "opted_out"; i++) {
			if (i > 200) throw new Error("the opt-out was not recorded");
			await new Promise((r) => setTimeout(r, 50));
		}
		// The person changes their mind and answers; the old opt-out, replayed, must not turn that back.
		expect((await sendSlack(f, signed(p, "submit"))).body).toContain(
			text.thanks,
		);
		const answered = await state(p);
		expect(answered?.status).toBe("responded");
		const counts = await f.counts();
		for (let i = 0; i < 3; i++)
			expect((await sendSlack(f, optOut)).status).toBe(200);
		// The replays' work, if any, happens after their acknowledgements: give it time to show.
		await new Promise((r) => setTimeout(r, 1_000));
		expect(await state(p)).toEqual(answered);
		expect(await f.counts()).toEqual(counts);
	});

	it("after the window the same request is refused with 401 and changes nothing", async () => {
		const p = people[2] as SyntheticEmployee;
		const before = await f.counts();
		for (const kind of ["submit", "opt-out", "answer", "home"] as const) {
			// Signed five minutes and a few seconds ago: the replay of a request Slack sent back then.
			const res = await sendSlack(f, signed(p, kind, 5 * 60 + 5));
			expect(res.status, kind).toBe(401);
			expect(res.body, kind).toBe("");
		}
		expect((await state(p))?.status).not.toBe("responded");
		expect((await state(p))?.status).not.toBe("opted_out");
		expect(await f.counts()).toEqual(before);
	});
});
