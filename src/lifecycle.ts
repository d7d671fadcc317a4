/**
 * What a starting process has to undo when it stops: each part registers its own stop as it starts, and `stop`
 * runs them in reverse order (the HTTP server before the workers, the workers before Redis and the database).
 * A failing stop does not keep the others from running.
 */
export class Lifecycle {
	private readonly stops: (() => unknown)[] = [];

	/** Registers how to undo something just started; returns it, so a start reads `const q = life.own(new Q(), (q) => q.close())`. */
	own<T>(thing: T, stop: (thing: T) => unknown): T {
		this.stops.push(() => stop(thing));
		return thing;
	}

	/** Registers a stop that owns nothing worth returning. */
	onStop(stop: () => unknown): void {
		this.stops.push(stop);
	}

	/** Runs `task` every `ms` without keeping the process alive for it, until the stop. */
	every(ms: number, task: () => unknown): void {
		const timer = setInterval(task, ms);
		timer.unref();
		this.onStop(() => clearInterval(timer));
	}

	/** Stops everything registered, last started first; a second call finds nothing left to stop. */
	async stop(): Promise<void> {
		for (const stop of this.stops.splice(0).reverse())
			await Promise.resolve()
				.then(stop)
				.catch(() => undefined);
	}
}
