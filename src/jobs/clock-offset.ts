/**
 * Another clock's offset from this process's, estimated from replies stamped with the other clock's time: each
 * reply read here at `localMs` gives `localMs - remoteMs`, the true offset plus however long the reply took to be
 * read (the network, and any pause in this event loop). The least of the recent samples is the best estimate, and
 * never below the true offset, so times converted with it are never early. Samples are kept for one to two
 * windows, so a clock that is stepped is followed within two windows.
 */
export class ClockOffset {
	private current = Number.POSITIVE_INFINITY;
	private previous = Number.POSITIVE_INFINITY;
	private windowStart = Number.NEGATIVE_INFINITY;

	constructor(private readonly windowMs = 10_000) {}

	/** Takes one sample and answers the estimate: add it to a time on the other clock to get this one's. */
	observe(localMs: number, remoteMs: number): number {
		if (localMs - this.windowStart >= this.windowMs) {
			this.previous = this.current;
			this.current = Number.POSITIVE_INFINITY;
			this.windowStart = localMs;
		}
		this.current = Math.min(this.current, localMs - remoteMs);
		return Math.min(this.current, this.previous);
	}
}
