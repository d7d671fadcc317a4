/**
 * Collects calls made in the same turn of the event loop and runs them as one batch (one SQL round trip instead
 * of one per call). Each caller gets its own result, or the batch's error.
 */
export class MicroBatch<In, Out> {
	private pending: {
		input: In;
		resolve(v: Out): void;
		reject(e: unknown): void;
	}[] = [];
	private scheduled = false;

	constructor(
		/** Runs one batch; returns one result per input, in order. */
		private readonly run: (inputs: In[]) => Promise<Out[]>,
		private readonly maxSize = 500,
	) {}

	call(input: In): Promise<Out> {
		return new Promise<Out>((resolve, reject) => {
			this.pending.push({ input, resolve, reject });
			if (this.pending.length >= this.maxSize) this.flush();
			else if (!this.scheduled) {
				this.scheduled = true;
				setImmediate(() => this.flush());
			}
		});
	}

	private flush(): void {
		this.scheduled = false;
		const batch = this.pending;
		if (batch.length === 0) return;
		this.pending = [];
		this.run(batch.map((b) => b.input)).then(
			(out) => {
				batch.forEach((b, i) => {
					b.resolve(out[i] as Out);
				});
			},
			(err: unknown) => {
				for (const b of batch) b.reject(err);
			},
		);
	}
}
