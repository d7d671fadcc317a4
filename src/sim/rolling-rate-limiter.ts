/** Allows at most `limit` hits in any rolling window of `windowMs`. */
export class RollingRateLimiter {
	private hits: number[] = [];

	constructor(
		private readonly limit: number,
		private readonly windowMs = 1000,
	) {}

	/** Records a hit at `now` and answers true, or answers false (and records nothing) when over the limit. */
	tryHit(now: number): boolean {
		this.hits = this.hits.filter((t) => now - t < this.windowMs);
		if (this.hits.length >= this.limit) return false;
		this.hits.push(now);
		return true;
	}

	/** How long until a hit at `now` would be allowed (0 when it would be now). */
	waitMs(now: number): number {
		this.hits = this.hits.filter((t) => now - t < this.windowMs);
		if (this.hits.length < this.limit) return 0;
		const oldest = this.hits[this.hits.length - this.limit] ?? now;
		return Math.max(1, oldest + this.windowMs - now);
	}

	/** Forgets every hit. */
	reset(): void {
		this.hits = [];
	}
}
