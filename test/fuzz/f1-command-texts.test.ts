import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyntheticEmployee } from "../../src/demo/synthetic-organisation.js";
import { personalMessage } from "../../src/sim/teams-activities.js";
import { waitFor } from "../../src/sim/wait-for.js";
import {
	type FuzzApp,
	fuzzCheckOptions,
	fuzzPath,
	fuzzRuns,
	fuzzStopTimeoutMs,
	fuzzTimeoutMs,
	inParallel,
	progress,
	startFuzzApp,
	teamsUserOf,
} from "./fuzz-app.js";
import { commandText, stringsIn, unescapedEchoes } from "./hostile-input.js";

/** One generated text, sent by an admin or not, on one platform. */
type Sent = { text: string; admin: boolean; platform: "slack" | "teams" };
type Outcome = { status: number; replies: string[]; ms: number };

const batch = 20;

/** F1 (§7.5): generated `/census …` and `census …` texts, signed, against the whole app. */
describe("F1: generated command texts", () => {
	let f: FuzzApp;
	let slackAdmin: SyntheticEmployee;
	let teamsAdmin: SyntheticEmployee;
	let outsider: SyntheticEmployee;
	const timings: number[] = [];

	async function send(s: Sent): Promise<Outcome> {
		const started = performance.now();
		if (s.platform === "slack") {
			const user = s.admin ? slackAdmin : outsider;
			const res = await f.t.sim.slashCommand(
				user.slackUserId,
				"/census",
				s.text,
			);
			const ms = performance.now() - started;
			const replies =
				res.status === 200
					? await waitFor(
							() => {
								const r = f.t.fake.responses.filter(
									(x) => x.url === res.responseUrl,
								);
								if (r.length > 0) return r.flatMap((x) => stringsIn(x.body));
								// `start` alone answers with the start form, a modal, not a message.
								const opened = f.t.fake
									.callsTo("views.open")
									.filter((c) => c.params.trigger_id === res.triggerId);
								return opened.length > 0
									? opened.flatMap((c) => stringsIn(c.params.view))
									: undefined;
							},
							// A loaded machine running the battery's files at once took 9.5 s at p99 to acknowledge.
							30_000,
							"a reply to the slash command",
						)
					: [];
			return { status: res.status, replies: [res.body, ...replies], ms };
		}
		const user = teamsUserOf(s.admin ? teamsAdmin : outsider);
		const activity = personalMessage(f.ctx, user, `census ${s.text}`);
		const res = await f.teams.post(activity);
		const ms = performance.now() - started;
		const calls = (f.t.connector?.calls ?? []).filter(
			(c) => c.activityId === activity.id,
		);
		return {
			status: res.status,
			replies: [res.body, ...calls.flatMap((c) => stringsIn(c.body))],
			ms,
		};
	}

	beforeAll(async () => {
		f = await startFuzzApp("fuzzf1");
		slackAdmin = f.admin;
		teamsAdmin = f.people.find(
			(p) => p.platform === "teams" && p.email === f.admins[1],
		) as SyntheticEmployee;
		outsider = f.people.find(
			(p) => p.platform === "slack" && p !== f.admin,
		) as SyntheticEmployee;
	}, 120_000);
	afterAll(async () => {
		await f?.stop();
	}, fuzzStopTimeoutMs);

	it(
		"never crashes, never answers 5xx, never echoes markup from the input unescaped",
		async () => {
			// A replay (CENSUS_FUZZ_PATH) runs one batch.
			const total = fuzzPath ? batch : fuzzRuns(5_000, 100_000);
			const sent = fc.record({
				text: commandText,
				admin: fc.boolean(),
				platform: fc.constantFrom("slack" as const, "teams" as const),
			});
			const started = performance.now();
			await fc.assert(
				fc.asyncProperty(
					fc.array(sent, { minLength: batch, maxLength: batch }),
					async (inputs) => {
						f.forget();
						const outcomes = await inParallel(inputs, batch, send);
						inputs.forEach((input, i) => {
							const o = outcomes[i] as Outcome;
							timings.push(o.ms);
							const name = JSON.stringify(input);
							expect(o.status, name).toBeLessThan(500);
							expect(o.status, name).toBe(200);
							expect(
								unescapedEchoes(input.text, o.replies, input.platform),
								name,
							).toEqual([]);
							expect(o.replies.join("")).not.toMatch(
								/\n\s+at .+\(.*:\d+:\d+\)/,
							);
						});
						expect(f.faults).toEqual([]);
						progress("F1", timings.length, total, started);
					},
				),
				fuzzCheckOptions(total, batch),
			);
			const sorted = [...timings].sort((a, b) => a - b);
			const p99 = sorted[Math.floor(sorted.length * 0.99)] ?? 0;
			console.info(
				`F1: ${timings.length} texts in ${((performance.now() - started) / 1000).toFixed(1)} s, p99 ${p99.toFixed(0)} ms (loaded machine)`,
			);
			expect(timings.length).toBeGreaterThanOrEqual(total);
			expect(f.faults).toEqual([]);
		},
		fuzzTimeoutMs,
	);
});
