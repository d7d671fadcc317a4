import { text } from "../../src/chat/messages.js";
import { modalAnswers } from "../../src/demo/modal-answers.js";
import type { SyntheticEmployee } from "../../src/demo/synthetic-organisation.js";
import type { SlackUserSimulator } from "../../src/sim/slack-user-simulator.js";
import { KeepAlivePoster } from "./keep-alive-poster.js";
import { rampSchedule } from "./ramp-schedule.js";

/** What an open-loop run of answer-modal submissions saw at the client. */
export type SentAnswers = {
	/** Time from sending each signed `view_submission` to its HTTP answer (the ack), in ms, at the held rate. */
	latencies: number[];
	/** The same, each with when it was sent (ms since the held rate began). */
	timeline: { sentAtMs: number; ms: number }[];
	/** The ack times of the sends during the ramp up to the rate (none without a ramp), measured apart. */
	rampLatencies: number[];
	/** Answers acknowledged with the thank-you, and the rest (errors, refusals, "try again"), ramp included. */
	recorded: number;
	errors: number;
	/** From the held rate's first send to the last answer. */
	seconds: number;
};

/**
 * Sends one signed answer-modal submission per person at `rate` per second, open loop (each at its time, whatever
 * the earlier ones are doing), over kept-alive connections, and counts what came back. With `rampSeconds`, the
 * first people's answers climb to the rate over that time (see `rampSchedule`) and are measured apart.
 */
export async function sendModalAnswers(opts: {
	sim: SlackUserSimulator;
	people: readonly SyntheticEmployee[];
	campaignId: string;
	rate: number;
	rampSeconds?: number;
	/** Tells the views apart between runs. */
	viewPrefix: string;
}): Promise<SentAnswers> {
	const latencies: number[] = [];
	const timeline: { sentAtMs: number; ms: number }[] = [];
	const rampLatencies: number[] = [];
	const schedule = rampSchedule(opts.rate, opts.rampSeconds ?? 0);
	const heldFromMs = schedule.offsetMs(schedule.rampSends);
	let errors = 0;
	let recorded = 0;
	// Every request is built and signed before the first is sent: the run measures the app, not the generator.
	const requests = opts.people.map((p, i) =>
		opts.sim.signedViewSubmission({
			userId: p.slackUserId,
			view: {
				id: `${opts.viewPrefix}${i}`,
				callback_id: "census_answer_modal",
				private_metadata: opts.campaignId,
			},
			values: modalAnswers(p.answers.key ? p.answers : { key: "occ_pnts" }, [
				"key",
			]),
		}),
	);
	const poster = new KeepAlivePoster(opts.sim.eventsUrl);
	const t0 = performance.now();
	const sends: Promise<void>[] = [];
	for (const [i, request] of requests.entries()) {
		const wait = t0 + schedule.offsetMs(i) - performance.now();
		if (wait > 1) await new Promise((r) => setTimeout(r, wait));
		const sent = performance.now();
		const done = () => {
			const ms = performance.now() - sent;
			if (i < schedule.rampSends) rampLatencies.push(ms);
			else {
				latencies.push(ms);
				timeline.push({ sentAtMs: sent - t0 - heldFromMs, ms });
			}
		};
		sends.push(
			poster.post(request.body, request.headers).then(
				(res) => {
					done();
					if (res.status === 200 && res.body.includes(text.thanks)) recorded++;
					else errors++;
				},
				() => {
					done();
					errors++;
				},
			),
		);
	}
	await Promise.all(sends);
	poster.close();
	return {
		latencies,
		timeline,
		rampLatencies,
		recorded,
		errors,
		seconds: (performance.now() - t0 - heldFromMs) / 1000,
	};
}
