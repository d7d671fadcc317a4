import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type {
	BallotTallier,
	OpenedCampaignKey,
} from "../domain/ballots/ballot-tallier.js";
import { type Tally, TallyCounter } from "../domain/reporting/tally.js";
import type { TallyThreadReply, TallyThreadRequest } from "./tally-thread.js";

/** Pages a thread may hold before the reader waits: enough to keep it busy, few enough to bound memory. */
const pagesAhead = 2;

/**
 * Opens the pool on several threads of the tally process (opening a ballot is an X25519 agreement: about 75 µs of
 * CPU, so a million take over a minute on one core). Each thread gets the campaign key once and pages of sealed
 * ballots in turn, and sends back only its counts, which are merged here. The key never leaves the process.
 */
export function threadedTallier(
	threads = Math.max(1, Math.min(4, availableParallelism())),
): BallotTallier {
	return async (key, pages) => {
		const pool = Array.from({ length: threads }, () => new TallyThread(key));
		try {
			let next = 0;
			for await (const page of pages) {
				await (pool[next % threads] as TallyThread).send(page);
				next += 1;
			}
			const counter = new TallyCounter();
			for (const tally of await Promise.all(pool.map((t) => t.finish())))
				counter.addTally(tally);
			return counter.result();
		} finally {
			await Promise.all(pool.map((t) => t.stop()));
		}
	};
}

/** One tally thread with flow control: `send` waits while the thread has `pagesAhead` pages unopened. */
class TallyThread {
	private readonly worker: Worker;
	private pending = 0;
	private wake: (() => void)[] = [];
	private failure: Error | null = null;
	private counts: ((t: Tally) => void) | null = null;
	private fail: ((e: Error) => void) | null = null;

	constructor(key: OpenedCampaignKey) {
		const data = {
			privateKey: new Uint8Array(key.privateKey),
			publicKey: new Uint8Array(key.publicKey),
		};
		this.worker = startThread(data);
		data.privateKey.fill(0);
		this.worker.on("message", (m: TallyThreadReply) => {
			if ("done" in m) {
				this.pending -= 1;
				this.wake.shift()?.();
			} else this.counts?.(m.tally);
		});
		this.worker.on("error", (e) => this.stopWith(e));
		this.worker.on("exit", (code) =>
			this.stopWith(new Error(`a tally thread exited (code ${code})`)),
		);
	}

	async send(page: Buffer[]): Promise<void> {
		while (this.pending >= pagesAhead && !this.failure)
			await new Promise<void>((resolve) => this.wake.push(resolve));
		if (this.failure) throw this.failure;
		this.pending += 1;
		const lengths = Uint32Array.from(page, (b) => b.length);
		const bytes = new Uint8Array(lengths.reduce((n, l) => n + l, 0));
		let at = 0;
		for (const b of page) {
			bytes.set(b, at);
			at += b.length;
		}
		this.worker.postMessage({ bytes, lengths } satisfies TallyThreadRequest, [
			bytes.buffer,
		]);
	}

	finish(): Promise<Tally> {
		if (this.failure) return Promise.reject(this.failure);
		return new Promise<Tally>((resolve, reject) => {
			this.counts = resolve;
			this.fail = reject;
			this.worker.postMessage({ finish: true } satisfies TallyThreadRequest);
		});
	}

	async stop(): Promise<void> {
		this.failure ??= new Error("the tally thread was stopped");
		await this.worker.terminate();
	}

	private stopWith(e: Error): void {
		if (!this.failure) this.failure = e;
		for (const w of this.wake.splice(0)) w();
		this.fail?.(this.failure);
	}
}

/**
 * Starts tally-thread.js beside this file. Run from source (tsx, vitest), the thread registers tsx's loader first:
 * a worker does not inherit the loader of the thread that started it.
 */
function startThread(workerData: unknown): Worker {
	const fromSource = import.meta.url.endsWith(".ts");
	const entry = new URL(
		`./tally-thread.${fromSource ? "ts" : "js"}`,
		import.meta.url,
	);
	if (!fromSource) return new Worker(entry, { workerData });
	return new Worker(
		`import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`,
		{ eval: true, workerData },
	);
}
