/** Limits for answers being recorded at once in one process. */
export type AnswerAdmissionLimits = {
	/**
	 * Answers recorded at the same time at most; one more is turned away as busy. A bound on memory in a pile-up,
	 * not the load shedding itself (the time limits below are): at 300 answers a second, a moment when answers
	 * take 200 ms has 60 in flight (rate × time), and a cap of 64 turned those away while each would have been
	 * recorded in time.
	 */
	maxInFlight: number;
	/**
	 * An answer that waited longer than this since its request arrived is turned away before it is written: the
	 * platform gives up on a request after a few seconds (Slack 3 s), and an answer written after that would be
	 * counted while the person is shown a failure.
	 */
	maxWaitMs: number;
	/**
	 * The write of an admitted answer must have finished this long after its request arrived, or it rolls back
	 * and the person is asked to send again: the wait for a connection, the campaign's lock and the write itself
	 * are not bounded by `maxWaitMs`, and the reply still has to reach the platform inside its timeout.
	 */
	commitWithinMs: number;
};

/** Defaults: well inside Slack's 3 s and Teams' invoke timeout, with a write's round trip to spare. */
export const defaultAnswerAdmissionLimits: AnswerAdmissionLimits = {
	maxInFlight: 512,
	maxWaitMs: 1500,
	commitWithinMs: 2500,
};

/** One admitted answer: ask `inTime()` just before writing, and always `release()`. */
export type AnswerTicket = {
	/** False once the request is older than the limit: write nothing, answer busy. */
	inTime(): boolean;
	/** When (`performance.now()`) the answer's write must have finished, or record nothing. */
	readonly commitBy: number;
	release(): void;
};

/**
 * Load shedding for the answer path: under overload an answer is refused with "busy, try again" before anything
 * is sealed or written, instead of being stored while the platform's timeout shows the person an error. Times
 * are `performance.now()` milliseconds.
 */
export class AnswerAdmission {
	private inFlight = 0;
	/** Answers turned away since start, for the logs. */
	refused = 0;

	constructor(
		private readonly limits: AnswerAdmissionLimits = defaultAnswerAdmissionLimits,
		private readonly now: () => number = () => performance.now(),
	) {}

	/** A ticket for an answer whose request arrived at `receivedAt`, or null when it must be refused now. */
	enter(receivedAt: number): AnswerTicket | null {
		if (
			this.inFlight >= this.limits.maxInFlight ||
			this.now() - receivedAt > this.limits.maxWaitMs
		) {
			this.refused++;
			return null;
		}
		this.inFlight++;
		let released = false;
		return {
			commitBy: receivedAt + this.limits.commitWithinMs,
			inTime: () => {
				const ok = this.now() - receivedAt <= this.limits.maxWaitMs;
				if (!ok) this.refused++;
				return ok;
			},
			release: () => {
				if (released) return;
				released = true;
				this.inFlight--;
			},
		};
	}

	/** Answers being recorded now. */
	get active(): number {
		return this.inFlight;
	}
}
