import { parentPort, workerData } from "node:worker_threads";
import { createBallotOpener } from "../domain/ballots/ballot-sealer.js";
import { shuffleInPlace } from "../domain/ballots/shuffle-in-place.js";
import { TallyCounter } from "../domain/reporting/tally.js";

/**
 * What the close sends a tally thread: a page of sealed ballots to open and count (packed end to end in one
 * transferred buffer, with each ballot's length), or "send your counts".
 */
export type TallyThreadRequest =
	| { bytes: Uint8Array; lengths: Uint32Array }
	| { finish: true };

/** What a tally thread answers: a page done (for flow control), or its counts. Never an opened ballot. */
export type TallyThreadReply =
	| { done: number }
	| { tally: ReturnType<TallyCounter["result"]> };

/** The key a thread is started with (copied into the thread; zeroed there once the opener holds it). */
export type TallyThreadKey = { privateKey: Uint8Array; publicKey: Uint8Array };

const port = parentPort;
if (port) {
	const key = workerData as TallyThreadKey;
	const privateKey = Buffer.from(key.privateKey);
	const open = createBallotOpener(privateKey, Buffer.from(key.publicKey));
	privateKey.fill(0);
	key.privateKey.fill(0);
	const counter = new TallyCounter();
	port.on("message", (m: TallyThreadRequest) => {
		if ("bytes" in m) {
			const page: Buffer[] = [];
			let at = m.bytes.byteOffset;
			for (const length of m.lengths) {
				page.push(Buffer.from(m.bytes.buffer, at, length));
				at += length;
			}
			shuffleInPlace(page);
			for (const sealed of page) counter.add(open(sealed));
			port.postMessage({ done: page.length } satisfies TallyThreadReply);
		} else
			port.postMessage({ tally: counter.result() } satisfies TallyThreadReply);
	});
}
