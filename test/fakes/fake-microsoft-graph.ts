import { randomBytes } from "node:crypto";
import {
	createServer,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { RollingRateLimiter } from "../../src/sim/rolling-rate-limiter.js";
import { sendHttp } from "../../src/sim/send-http.js";
import {
	FakeGraphTenant,
	type GraphAnswer,
	limitOf,
} from "./fake-graph-tenant.js";
import type {
	FakeGraphUser,
	GraphCall,
	GraphFault,
	GraphLimit,
} from "./fake-graph-types.js";

/** Options for {@link FakeMicrosoftGraph.start}. */
export type FakeMicrosoftGraphOptions = {
	tenantId: string;
	/** The app registration allowed a token (the bot's app id and secret). */
	clientId: string;
	clientSecret: string;
	/** The census app's id in the tenant's app catalogue. */
	catalogAppId: string;
	/**
	 * Teams calls (installedApps, chat) allowed per app per tenant in any rolling second; Graph documents 30
	 * ("other API calls for Microsoft Teams"). Default 30.
	 */
	teamsPerSecond?: number;
	/**
	 * Directory reads allowed per app per tenant in any rolling 10 s. Graph's identity limit for a tenant of more
	 * than 500 people is 8,000 resource units per 10 s, and `GET /users` with `$select` costs 1. Default 8,000.
	 */
	directoryPer10s?: number;
	users?: readonly FakeGraphUser[];
};

type Pending = {
	fault: GraphFault;
	remaining: number;
	match: (method: string, url: string) => boolean;
};

const maxBatch = 20;

async function readText(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString("utf8");
}

/**
 * A local imitation of Microsoft Graph and the Entra token endpoint, as far as the census uses them: the client
 * credentials grant (`POST /{tenant}/oauth2/v2.0/token`), `/users` with `$filter`, `$batch` (at most 20
 * requests, each answered and throttled on its own), personal app installations and their chat (see
 * {@link FakeGraphTenant}). Throttles like Graph (429 with Retry-After in seconds, inside a batch too), records
 * every call, and can fail requests on demand.
 */
export class FakeMicrosoftGraph {
	readonly calls: GraphCall[] = [];
	readonly tenant: FakeGraphTenant;
	private readonly tokens = new Set<string>();
	private readonly faults: Pending[] = [];
	private readonly limiters: Record<GraphLimit, RollingRateLimiter>;
	private baseUrl = "";
	/** While true, a successful install is done but never answered (a request cut off by a crash). */
	holdInstallAnswers = false;

	private constructor(
		private readonly server: Server,
		private readonly opts: FakeMicrosoftGraphOptions,
	) {
		this.tenant = new FakeGraphTenant(opts.catalogAppId, opts.clientId);
		this.tenant.add(opts.users ?? []);
		this.limiters = {
			teams: new RollingRateLimiter(opts.teamsPerSecond ?? 30, 1000),
			directory: new RollingRateLimiter(opts.directoryPer10s ?? 8000, 10_000),
		};
	}

	static async start(
		opts: FakeMicrosoftGraphOptions,
	): Promise<FakeMicrosoftGraph> {
		const server = createServer();
		const fake = new FakeMicrosoftGraph(server, opts);
		server.on("request", (req, res) => {
			fake.handle(req, res).catch((err: unknown) => {
				if (!res.headersSent)
					sendHttp(res, 500, {
						error: { code: "InternalServerError", message: String(err) },
					});
			});
		});
		await new Promise<void>((resolve, reject) => {
			server.once("error", reject);
			server.listen(0, "127.0.0.1", () => resolve());
		});
		fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		return fake;
	}

	/** GRAPH_API_URL for the app. */
	get apiUrl(): string {
		return `${this.baseUrl}/v1.0/`;
	}

	/** GRAPH_LOGIN_URL for the app. */
	get loginUrl(): string {
		return `${this.baseUrl}/`;
	}

	/** The limits the fake enforces, per second: what a caller can use at most. */
	get limits(): Record<GraphLimit, number> {
		return {
			teams: this.opts.teamsPerSecond ?? 30,
			directory: (this.opts.directoryPer10s ?? 8000) / 10,
		};
	}

	/** Answers the next `times` requests matching `match` (default: any Graph request) with `fault`. */
	failNext(
		fault: GraphFault,
		opts: {
			times?: number;
			match?: (method: string, url: string) => boolean;
		} = {},
	): void {
		this.faults.push({
			fault,
			remaining: opts.times ?? 1,
			match: opts.match ?? (() => true),
		});
	}

	/** Calls answered with a status below 300, optionally against one limit. */
	succeeded(limit?: GraphLimit): GraphCall[] {
		return this.calls.filter(
			(c) => c.status < 300 && (limit === undefined || c.limit === limit),
		);
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private async handle(
		req: IncomingMessage,
		res: ServerResponse,
	): Promise<void> {
		const url = new URL(req.url ?? "/", this.baseUrl);
		const text = await readText(req);
		if (
			req.method === "POST" &&
			url.pathname === `/${this.opts.tenantId}/oauth2/v2.0/token`
		)
			return void this.token(new URLSearchParams(text), res);
		if (!url.pathname.startsWith("/v1.0/"))
			return sendHttp(res, 404, {
				error: { code: "NotFound", message: "no such endpoint" },
			});
		const auth = req.headers.authorization ?? "";
		if (!this.tokens.has(auth.replace(/^Bearer /, "")))
			return sendHttp(res, 401, {
				error: {
					code: "InvalidAuthenticationToken",
					message: "Access token is empty or invalid.",
				},
			});
		const rel = `${url.pathname.slice("/v1.0/".length)}${url.search}`;
		const body: unknown = text ? JSON.parse(text) : null;
		if (req.method === "POST" && rel === "$batch")
			return void this.batch(body, res);
		const answer = this.one(req.method ?? "GET", rel, body, false);
		if (answer.status === 201 && this.holdInstallAnswers) return;
		sendHttp(res, answer.status, answer.body ?? "", answer.headers ?? {});
	}

	private token(form: URLSearchParams, res: ServerResponse): void {
		if (
			form.get("grant_type") !== "client_credentials" ||
			form.get("client_id") !== this.opts.clientId ||
			form.get("client_secret") !== this.opts.clientSecret
		) {
			sendHttp(res, 401, {
				error: "invalid_client",
				error_description: "AADSTS7000215: Invalid client secret provided.",
			});
			return;
		}
		if (form.get("scope") !== "https://graph.microsoft.com/.default") {
			sendHttp(res, 400, {
				error: "invalid_scope",
				error_description:
					"AADSTS70011: The provided value for scope is not valid.",
			});
			return;
		}
		const token = randomBytes(24).toString("base64url");
		this.tokens.add(token);
		sendHttp(res, 200, {
			token_type: "Bearer",
			expires_in: 3599,
			ext_expires_in: 3599,
			access_token: token,
		});
	}

	private batch(body: unknown, res: ServerResponse): void {
		const requests = (body as { requests?: unknown } | null)?.requests;
		if (
			!Array.isArray(requests) ||
			requests.length === 0 ||
			requests.length > maxBatch
		) {
			sendHttp(res, 400, {
				error: {
					code: "BadRequest",
					message: `A batch holds between 1 and ${maxBatch} requests.`,
				},
			});
			return;
		}
		const responses = (
			requests as {
				id?: unknown;
				method?: unknown;
				url?: unknown;
				body?: unknown;
			}[]
		).map((r) => {
			const url = String(r.url ?? "").replace(/^\//, "");
			const a = this.one(String(r.method ?? "GET"), url, r.body ?? null, true);
			return {
				id: String(r.id ?? ""),
				status: a.status,
				headers: a.headers ?? {},
				body: a.body ?? null,
			};
		});
		sendHttp(res, 200, { responses });
	}

	private one(
		method: string,
		url: string,
		body: unknown,
		inBatch: boolean,
	): GraphAnswer {
		const limit = limitOf(url.split("?")[0] ?? "");
		const call: GraphCall = {
			method,
			url,
			status: 0,
			limit,
			inBatch,
			at: Date.now(),
		};
		this.calls.push(call);
		const answer =
			this.throttled(limit) ??
			this.takeFault(method, url) ??
			this.tenant.answer(method, url, body);
		call.status = answer.status;
		return answer;
	}

	private throttled(limit: GraphLimit): GraphAnswer | undefined {
		if (this.limiters[limit].tryHit(Date.now())) return undefined;
		return {
			status: 429,
			headers: { "retry-after": "1" },
			body: {
				error: {
					code: "TooManyRequests",
					message: `Too many requests: the ${limit} limit of this app in this tenant was reached.`,
				},
			},
		};
	}

	private takeFault(method: string, url: string): GraphAnswer | undefined {
		const i = this.faults.findIndex((f) => f.match(method, url));
		const pending = this.faults[i];
		if (!pending) return undefined;
		pending.remaining -= 1;
		if (pending.remaining <= 0) this.faults.splice(i, 1);
		const { fault } = pending;
		return {
			status: fault.status,
			headers:
				fault.status === 429
					? { "retry-after": String(fault.retryAfterSeconds) }
					: {},
			body: {
				error: {
					code: fault.status === 429 ? "TooManyRequests" : "ServiceUnavailable",
					message: "fake Graph fault",
				},
			},
		};
	}
}
