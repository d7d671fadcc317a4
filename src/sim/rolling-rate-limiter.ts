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

	/** Forgets every hit. */
	reset(): void {
		this.hits = [];
	}
}
