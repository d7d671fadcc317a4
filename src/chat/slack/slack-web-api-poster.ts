import http from "node:http";
import https from "node:https";

/** What Slack answered a Web API call with, when it answered at all. */
export type SlackPostResult =
	| { kind: "ok"; body: Record<string, unknown> }
	/** HTTP 200 with `ok: false`: Slack refused the call, so nothing was done. */
	| { kind: "refused"; error: string }
	/** HTTP 429: nothing was done; wait `retryAfterMs`. */
	| { kind: "rate-limited"; retryAfterMs: number };

/** Raised when Slack's answer cannot be read (5xx, unparsable body): the call may have taken effect. */
export class SlackPostUnclear extends Error {
	constructor(
		readonly status: number,
		/** The answer's Retry-After, when it had one. */
		readonly retryAfterMs?: number,
	) {
		super(`unclear answer from Slack (HTTP ${status})`);
		this.name = "SlackPostUnclear";
	}
}

/**
 * A lean caller for the Web API methods on the fan-out's hot path (`chat.postMessage`, `dnd.teamInfo`): one POST over a
 * keep-alive connection, no retries, no queue, no logging. `WebClient` spends about a third of a worker's CPU
 * per message on its request queue, retry wrapper, fetch and debug-log redaction of every answer (computed even
 * when debug is off); at a thousand sends a second that is the bottleneck. Transport errors (timeout, dropped
 * connection) are thrown as they are: the call may have arrived. Everything else keeps using `WebClient`.
 */
export class SlackWebApiPoster {
	private readonly base: URL;
	private readonly agent: http.Agent;
	private readonly request: typeof http.request;

	constructor(
		private readonly token: string,
		/** Web API base URL, ending in `/api/`. */
		apiUrl = "https://slack.com/api/",
		/** A call without an answer for this long is abandoned (and counts as "may have arrived"). */
		private readonly timeoutMs = 20_000,
		maxSockets = 256,
	) {
		this.base = new URL(apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/`);
		const secure = this.base.protocol === "https:";
		// Idle connections are closed after 2 s (or a second before the server's Keep-Alive hint, if sooner): a
		// request written on a connection the server has just closed fails ambiguously, and would count as
		// "may have arrived".
		const agentOptions = { keepAlive: true, maxSockets, timeout: 2000 };
		this.agent = secure
			? new https.Agent(agentOptions)
			: new http.Agent(agentOptions);
		this.request = secure ? https.request : http.request;
	}

	/** Posts `json` (a JSON object, already serialised) to `method`: for methods that write, such as chat.postMessage. */
	post(method: string, json: string): Promise<SlackPostResult> {
		return this.send(method, json, "application/json; charset=utf-8");
	}

	/** Posts form fields to `method`: for methods that read, which Slack does not promise to take JSON for. */
	postForm(
		method: string,
		fields: Record<string, string>,
		timeoutMs = this.timeoutMs,
	): Promise<SlackPostResult> {
		return this.send(
			method,
			new URLSearchParams(fields).toString(),
			"application/x-www-form-urlencoded",
			timeoutMs,
		);
	}

	private send(
		method: string,
		body: string,
		contentType: string,
		timeoutMs = this.timeoutMs,
	): Promise<SlackPostResult> {
		const url = new URL(method, this.base);
		const payload = Buffer.from(body, "utf8");
		return new Promise<SlackPostResult>((resolve, reject) => {
			const req = this.request(
				url,
				{
					method: "POST",
					agent: this.agent,
					headers: {
						authorization: `Bearer ${this.token}`,
						"content-type": contentType,
						"content-length": payload.length,
						accept: "application/json",
					},
					timeout: timeoutMs,
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on("data", (c: Buffer) => chunks.push(c));
					res.on("error", reject);
					res.on("end", () => {
						const status = res.statusCode ?? 0;
						if (status === 429) {
							const seconds = Number(res.headers["retry-after"]);
							resolve({
								kind: "rate-limited",
								retryAfterMs:
									1000 *
									(Number.isFinite(seconds) && seconds > 0 ? seconds : 1),
							});
							return;
						}
						let body: Record<string, unknown> | undefined;
						try {
							body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
						} catch {
							body = undefined;
						}
						if (status !== 200 || !body || typeof body !== "object") {
							const seconds = Number(res.headers["retry-after"]);
							reject(
								new SlackPostUnclear(
									status,
									Number.isFinite(seconds) && seconds > 0
										? seconds * 1000
										: undefined,
								),
							);
							return;
						}
						resolve(
							body.ok === true
								? { kind: "ok", body }
								: {
										kind: "refused",
										error:
											typeof body.error === "string"
												? body.error
												: "unknown_error",
									},
						);
					});
				},
			);
			req.on("timeout", () =>
				req.destroy(new Error("Slack did not answer in time")),
			);
			req.on("error", reject);
			req.end(payload);
		});
	}

	/** Closes idle connections. */
	close(): void {
		this.agent.destroy();
	}
}
