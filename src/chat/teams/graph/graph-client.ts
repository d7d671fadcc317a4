import type { GraphTokenSource } from "./graph-token-source.js";

/** Which of Graph's throttling limits a request counts against: Teams calls or directory reads. */
export type GraphLimit = "directory" | "teams";

/** Waits for a request's slot under a limit, shared by every process (`SendPacer` fits). */
export type GraphPacer = {
	wait(): Promise<unknown>;
	/** After a 429: no slot before `ms` from now, and a slower pace for a while. */
	backOff(ms: number): Promise<void>;
};

/** One Graph request, its URL relative to the version root (`users?$filter=…`). */
export type GraphRequest = {
	method: "GET" | "POST";
	url: string;
	body?: unknown;
};

/** Graph's answer to one request. */
export type GraphResponse = { status: number; body: unknown };

/** Graph kept failing (throttled, 5xx or no answer) after every attempt: nothing can be concluded; try later. */
export class GraphUnavailable extends Error {
	constructor(readonly status: number | null) {
		super(`Microsoft Graph unavailable (${status ?? "no answer"})`);
		this.name = "GraphUnavailable";
	}
}

/** The limit a request path counts against. */
export function graphLimitOf(url: string): GraphLimit {
	return (url.split("?")[0] ?? "").includes("/teamwork/")
		? "teams"
		: "directory";
}

/** Graph's error code in a response body (`{ error: { code } }`), if any. */
export function graphErrorCode(body: unknown): string | undefined {
	const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
	return typeof code === "string" ? code : undefined;
}

const maxBatch = 20;
const retryable = new Set([429, 500, 502, 503, 504]);

function retryAfterMs(
	value: string | null | undefined,
	attempt: number,
): number {
	const s = Number(value);
	if (Number.isFinite(s) && s > 0) return s * 1000;
	return Math.min(30_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Graph over `fetch`, for requests that are safe to repeat: reads, and installing an app (a second install
 * answers 409). Every request, inside a `$batch` too, first takes a slot on its limit's pacer. A 429 (of the
 * batch or of one request in it) pauses that pacer for Retry-After and the request goes again; 5xx and
 * timeouts go again after a back-off; other answers are returned as they are. After `maxAttempts` without an
 * answer: {@link GraphUnavailable}.
 */
export class GraphClient {
	private readonly doFetch: typeof fetch;
	private readonly maxAttempts: number;
	private readonly timeoutMs: number;

	constructor(
		private readonly opts: {
			/** Graph base with the version and a trailing slash. */
			apiUrl: string;
			token: GraphTokenSource;
			pacers: Record<GraphLimit, GraphPacer>;
			maxAttempts?: number;
			timeoutMs?: number;
			fetch?: typeof fetch;
		},
	) {
		this.doFetch = opts.fetch ?? fetch;
		this.maxAttempts = opts.maxAttempts ?? 10;
		this.timeoutMs = opts.timeoutMs ?? 20_000;
	}

	/** The absolute URL of a catalogue app, as `teamsApp@odata.bind` takes it. */
	catalogAppUrl(catalogAppId: string): string {
		return new URL(
			`appCatalogs/teamsApps/${encodeURIComponent(catalogAppId)}`,
			this.opts.apiUrl,
		).href;
	}

	/** Sends one request (paced, retried as above). */
	async call(req: GraphRequest): Promise<GraphResponse> {
		const pacer = this.opts.pacers[graphLimitOf(req.url)];
		let last: number | null = null;
		for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
			await pacer.wait();
			// Outside the retry: a refused token is a setup problem, and repeating cannot fix it.
			const token = await this.opts.token();
			let res: Response;
			try {
				res = await this.send(token, req.method, req.url, req.body);
			} catch {
				last = null;
				await sleep(retryAfterMs(null, attempt));
				continue;
			}
			const body: unknown = await res.json().catch(() => null);
			if (!retryable.has(res.status)) return { status: res.status, body };
			last = res.status;
			const wait = retryAfterMs(res.headers.get("retry-after"), attempt);
			if (res.status === 429) await pacer.backOff(wait);
			else await sleep(wait);
		}
		throw new GraphUnavailable(last);
	}

	/**
	 * Sends requests in `$batch`es of at most 20, `concurrency` batches at a time; answers in the order asked.
	 * Requests the batch answered 429 or 5xx for go again in a later batch.
	 */
	async batch(
		reqs: readonly GraphRequest[],
		concurrency = 4,
	): Promise<GraphResponse[]> {
		const answers: GraphResponse[] = new Array(reqs.length);
		const chunks: number[][] = [];
		for (let i = 0; i < reqs.length; i += maxBatch)
			chunks.push(reqs.slice(i, i + maxBatch).map((_, j) => i + j));
		let next = 0;
		const run = async () => {
			for (let c = chunks[next++]; c; c = chunks[next++])
				await this.oneBatch(reqs, c, answers);
		};
		await Promise.all(
			Array.from({ length: Math.min(concurrency, chunks.length) }, run),
		);
		return answers;
	}

	private async oneBatch(
		reqs: readonly GraphRequest[],
		indexes: number[],
		answers: GraphResponse[],
	): Promise<void> {
		let pending = indexes;
		let last: number | null = null;
		for (
			let attempt = 0;
			attempt < this.maxAttempts && pending.length > 0;
			attempt++
		) {
			await Promise.all(
				pending.map((i) =>
					this.opts.pacers[graphLimitOf(reqs[i]?.url ?? "")].wait(),
				),
			);
			const requests = pending.map((i) => {
				const r = reqs[i] as GraphRequest;
				return {
					id: String(i),
					method: r.method,
					url: `/${r.url}`,
					...(r.body === undefined
						? {}
						: {
								body: r.body,
								headers: { "content-type": "application/json" },
							}),
				};
			});
			const token = await this.opts.token();
			let res: Response;
			try {
				res = await this.send(token, "POST", "$batch", { requests });
			} catch {
				last = null;
				await sleep(retryAfterMs(null, attempt));
				continue;
			}
			const body = (await res.json().catch(() => null)) as {
				responses?: {
					id?: string;
					status?: number;
					headers?: Record<string, string>;
					body?: unknown;
				}[];
			} | null;
			if (!res.ok || !Array.isArray(body?.responses)) {
				last = res.status;
				const wait = retryAfterMs(res.headers.get("retry-after"), attempt);
				if (res.status === 429)
					await Promise.all(
						Object.values(this.opts.pacers).map((p) => p.backOff(wait)),
					);
				else await sleep(wait);
				continue;
			}
			const again: number[] = [];
			const throttled = new Map<GraphLimit, number>();
			let serverWait = 0;
			for (const r of body.responses) {
				const i = Number(r.id);
				if (!pending.includes(i)) continue;
				const status = Number(r.status);
				if (!retryable.has(status)) {
					answers[i] = { status, body: r.body ?? null };
					continue;
				}
				again.push(i);
				last = status;
				const headers = Object.fromEntries(
					Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
				);
				const wait = retryAfterMs(headers["retry-after"], attempt);
				if (status === 429) {
					const limit = graphLimitOf(reqs[i]?.url ?? "");
					throttled.set(limit, Math.max(throttled.get(limit) ?? 0, wait));
				} else serverWait = Math.max(serverWait, wait);
			}
			// Anything the batch did not answer goes again too.
			for (const i of pending)
				if (!answers[i] && !again.includes(i)) again.push(i);
			pending = again;
			await Promise.all(
				[...throttled].map(([limit, ms]) =>
					this.opts.pacers[limit].backOff(ms),
				),
			);
			if (serverWait > 0) await sleep(serverWait);
		}
		if (pending.length > 0) throw new GraphUnavailable(last);
	}

	private async send(
		token: string,
		method: string,
		url: string,
		body: unknown,
	): Promise<Response> {
		return this.doFetch(new URL(url, this.opts.apiUrl), {
			method,
			headers: {
				authorization: `Bearer ${token}`,
				...(body === undefined ? {} : { "content-type": "application/json" }),
			},
			...(body === undefined ? {} : { body: JSON.stringify(body) }),
			signal: AbortSignal.timeout(this.timeoutMs),
		});
	}
}
