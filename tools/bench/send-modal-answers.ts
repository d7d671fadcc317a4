import { text } from "../../src/chat/messages.js";
import { modalAnswers } from "../../src/demo/modal-answers.js";
import type { SyntheticEmployee } from "../../src/demo/synthetic-organisation.js";
import type { SlackUserSimulator } from "../../src/sim/slack-user-simulator.js";
import { KeepAlivePoster } from "./keep-alive-poster.js";
import { type OpenLoopRun, sendOpenLoop } from "./send-open-loop.js";

/**
 * Sends one signed answer-modal submission per person at `rate` per second, open loop (each at its time, whatever
 * the earlier ones are doing), over kept-alive connections, and counts the thank-yous. With `rampSeconds`, the
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
}): Promise<OpenLoopRun> {
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
	try {
		return await sendOpenLoop(
			opts.rate,
			opts.rampSeconds ?? 0,
			requests.length,
			async (i) => {
				const request = requests[i];
				if (!request) return false;
				const res = await poster.post(request.body, request.headers);
				return res.status === 200 && res.body.includes(text.thanks);
			},
		);
	} finally {
		poster.close();
	}
}
