/** Real time and sleeping, injectable so that a test or bench can drive the pace. */
export type PacerClock = { now(): number; sleep(ms: number): Promise<void> };

export const realPacerClock: PacerClock = {
	now: () => Date.now(),
	sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Spaces calls of one rate-limit tier: at most `perMinute` a minute, 5% under it, and none before a Retry-After has
 * passed. One caller at a time (the directory's calls are sequential).
 */
export class CallPacer {
	private nextAt = 0;
	readonly intervalMs: number;

	constructor(
		perMinute: number,
		private readonly clock: PacerClock = realPacerClock,
	) {
		this.intervalMs = Math.ceil((60_000 / perMinute) * 1.05);
	}

	/** Waits for the next slot and takes it. */
	async slot(): Promise<void> {
		const wait = this.nextAt - this.clock.now();
		if (wait > 0) await this.clock.sleep(wait);
		this.nextAt = Math.max(this.clock.now(), this.nextAt) + this.intervalMs;
	}

	/** After a 429: nothing more until `ms` from now. */
	pauseFor(ms: number): void {
		this.nextAt = Math.max(this.nextAt, this.clock.now() + ms);
	}
}
