import {
	createServer,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type {
	ConnectorCall,
	ConnectorCallKind,
	ConnectorFault,
} from "./fake-bot-connector-types.js";
import { RollingRateLimiter } from "./rolling-rate-limiter.js";
import { sendHttp } from "./send-http.js";
import {
	botConnectorIssuer,
	TeamsChannelSigner,
} from "./teams-channel-signer.js";
import { waitFor } from "./wait-for.js";

/** Options for {@link FakeBotConnector.start}. */
export type FakeBotConnectorOptions = {
	/** Signs the channel tokens; its key set is served as the OpenID metadata's JWKS. */
	signer?: TeamsChannelSigner;
	/** When set, calls without `Authorization: Bearer <this>` get 401 (the bot's outbound token). */
	acceptToken?: string;
	/** The tenant's limit on sends and creates in any rolling second (429 with Retry-After beyond it). */
	rateLimitPerSecond?: number;
	/**
	 * When set, creating a 1:1 conversation with someone for whom this answers false gets 403: Teams lets a bot
	 * start a chat only with people who have its app installed (the bot is not in the conversation's roster).
	 */
	installedFor?: (userId: string) => boolean;
};

type PendingFault = {
	fault: ConnectorFault;
	remaining: number;
	kinds: ConnectorCallKind[] | undefined;
};

const metadataPath = "/v1/.well-known/openidconfiguration";
const keysPath = "/v1/.well-known/keys";

/** The 1:1 conversation id the fake gives a user, as Teams gives the same id each time. */
export function personalConversationId(userId: string): string {
	return `a:personal-${userId}`;
}

async function readJson(
	req: IncomingMessage,
): Promise<Record<string, unknown>> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString("utf8");
	if (!text) return {};
	const parsed: unknown = JSON.parse(text);
	return parsed && typeof parsed === "object"
		? (parsed as Record<string, unknown>)
		: {};
}

function faultBody(fault: ConnectorFault): unknown {
	if (fault.status === 403 && fault.subCode === "BotNotInConversationRoster")
		return {
			error: {
				code: "BotNotInConversationRoster",
				message: "The bot is not part of the conversation roster.",
			},
		};
	if (fault.status === 403)
		// The shape Teams documents for a user who blocked or uninstalled the bot.
		return {
			errorCode: 209,
			message: JSON.stringify({
				subCode: fault.subCode,
				details: "Thread is blocked from message writes.",
				errorCode: null,
				errorSubCode: null,
			}),
		};
	const code = {
		429: "Throttled",
		412: "PreconditionFailed",
		502: "BadGateway",
		503: "ServiceUnavailable",
		504: "GatewayTimeout",
	}[fault.status];
	return { error: { code, message: `fake Bot Connector: ${code}` } };
}

/**
 * A local imitation of the Bot Connector Service that the real botbuilder `ConnectorClient` talks to: the
 * activity `serviceUrl` (`/v3/conversations…`) and the OpenID metadata with the signer's keys. Records every
 * call, hands out ids, and can answer with 429/412/502/504 or 403 MessageWritesBlocked instead, and with 429
 * beyond its rolling per-second limit.
 */
export class FakeBotConnector {
	/** Every Bot Connector call received, in order, faulted ones included. */
	readonly calls: ConnectorCall[] = [];
	readonly signer: TeamsChannelSigner;
	private readonly faults: PendingFault[] = [];
	private readonly blocked = new Set<string>();
	private baseUrl = "";
	private nextId = 1;
	private readonly limiter: RollingRateLimiter | null;

	private constructor(
		private readonly server: Server,
		private readonly opts: FakeBotConnectorOptions,
	) {
		this.signer = opts.signer ?? new TeamsChannelSigner();
		this.limiter = opts.rateLimitPerSecond
			? new RollingRateLimiter(opts.rateLimitPerSecond)
			: null;
	}

	/** Starts the fake on a random port of 127.0.0.1. */
	static async start(
		opts: FakeBotConnectorOptions = {},
	): Promise<FakeBotConnector> {
		// Idle connections are kept a minute, as real front ends keep them for minutes: Node's 5 s default races a
		// client that reuses a connection just as the server closes it (nodejs/node#47130), and on a loaded machine
		// that ECONNRESET turns a send into `unknown`, which the real Bot Connector would not cause.
		const server = createServer({ keepAliveTimeout: 60_000 });
		const fake = new FakeBotConnector(server, opts);
		server.on("request", (req, res) => {
			fake.handle(req, res).catch((err: unknown) => {
				if (!res.headersSent)
					sendHttp(res, 500, {
						error: { code: "Internal", message: String(err) },
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

	/** The activity `serviceUrl` (with a trailing slash, as Teams sends it). */
	get serviceUrl(): string {
		return `${this.baseUrl}/`;
	}

	/** The OpenID metadata URL to configure as TEAMS_OPENID_METADATA_URL. */
	get openIdMetadataUrl(): string {
		return `${this.baseUrl}${metadataPath}`;
	}

	/** Answers the next `times` calls (of these kinds, default any) with `fault` instead of doing them. */
	failNext(
		fault: ConnectorFault,
		opts: { times?: number; kinds?: ConnectorCallKind[] } = {},
	): void {
		this.faults.push({ fault, remaining: opts.times ?? 1, kinds: opts.kinds });
	}

	/** From now on every call to this user (by 1:1 conversation or create) gets 403 MessageWritesBlocked. */
	block(userId: string): void {
		this.blocked.add(userId);
	}

	/** Calls that succeeded, optionally of one kind. */
	delivered(kind?: ConnectorCallKind): ConnectorCall[] {
		return this.calls.filter(
			(c) => c.status < 300 && (kind === undefined || c.kind === kind),
		);
	}

	/** Waits until at least `count` calls matching `match` have been received. */
	async waitForCalls(
		count: number,
		match: (c: ConnectorCall) => boolean = () => true,
		timeoutMs = 5_000,
	): Promise<ConnectorCall[]> {
		return waitFor(
			() => {
				const found = this.calls.filter(match);
				return found.length >= count ? found : undefined;
			},
			timeoutMs,
			`${count} Bot Connector call(s)`,
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
		if (req.method === "GET" && url.pathname === metadataPath)
			return sendHttp(res, 200, {
				issuer: botConnectorIssuer,
				jwks_uri: `${this.baseUrl}${keysPath}`,
				id_token_signing_alg_values_supported: ["RS256"],
				token_endpoint_auth_methods_supported: ["private_key_jwt"],
			});
		if (req.method === "GET" && url.pathname === keysPath)
			return sendHttp(res, 200, this.signer.jwks());

		const route = this.route(req.method ?? "", url.pathname);
		if (!route)
			return sendHttp(res, 404, {
				error: {
					code: "NotFound",
					message: `no route ${req.method} ${url.pathname}`,
				},
			});
		const body = await readJson(req);
		const authorization = req.headers.authorization ?? null;
		const call: ConnectorCall = {
			...route,
			body,
			authorization,
			status: 0,
			resultId: null,
			at: Date.now(),
		};
		this.calls.push(call);

		if (
			this.opts.acceptToken !== undefined &&
			authorization !== `Bearer ${this.opts.acceptToken}`
		) {
			call.status = 401;
			return sendHttp(res, 401, {
				message: "Authorization has been denied for this request.",
			});
		}
		const fault =
			this.limiter && !this.limiter.tryHit(Date.now())
				? ({ status: 429, retryAfterSeconds: 1 } as const)
				: this.takeFault(call, body);
		if (fault) {
			call.status = fault.status;
			return sendHttp(
				res,
				fault.status,
				faultBody(fault),
				fault.status === 429 && fault.retryAfterSeconds !== undefined
					? { "retry-after": String(fault.retryAfterSeconds) }
					: {},
			);
		}
		return this.succeed(call, res);
	}

	private route(
		method: string,
		pathname: string,
	): Pick<ConnectorCall, "kind" | "conversationId" | "activityId"> | null {
		const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
		if (parts[0] !== "v3" || parts[1] !== "conversations") return null;
		const conversationId = parts[2] ?? null;
		const activityId = parts[4] ?? null;
		if (parts.length === 2 && method === "POST")
			return {
				kind: "create-conversation",
				conversationId: null,
				activityId: null,
			};
		if (parts[3] !== "activities" || !conversationId) return null;
		if (parts.length === 4 && method === "POST")
			return { kind: "send", conversationId, activityId: null };
		if (parts.length !== 5) return null;
		const kind = ({ POST: "reply", PUT: "update", DELETE: "delete" } as const)[
			method as "POST" | "PUT" | "DELETE"
		];
		return kind ? { kind, conversationId, activityId } : null;
	}

	private takeFault(
		call: ConnectorCall,
		body: Record<string, unknown>,
	): ConnectorFault | undefined {
		const members = Array.isArray(body.members)
			? (body.members as { id?: unknown }[])
			: [];
		const target =
			call.kind === "create-conversation"
				? members.map((m) => String(m.id))
				: [...this.blocked].filter(
						(u) => personalConversationId(u) === call.conversationId,
					);
		if (target.some((u) => this.blocked.has(u)))
			return { status: 403, subCode: "MessageWritesBlocked" };
		const installed = this.opts.installedFor;
		if (
			call.kind === "create-conversation" &&
			installed &&
			target.some((u) => !installed(u))
		)
			return { status: 403, subCode: "BotNotInConversationRoster" };
		const i = this.faults.findIndex(
			(f) => f.kinds === undefined || f.kinds.includes(call.kind),
		);
		const pending = this.faults[i];
		if (!pending) return undefined;
		pending.remaining -= 1;
		if (pending.remaining <= 0) this.faults.splice(i, 1);
		return pending.fault;
	}

	private succeed(call: ConnectorCall, res: ServerResponse): void {
		if (call.kind === "create-conversation") {
			const members = Array.isArray(call.body.members)
				? (call.body.members as { id?: unknown }[])
				: [];
			call.resultId = personalConversationId(String(members[0]?.id ?? ""));
			call.status = 201;
		} else if (call.kind === "delete") {
			call.status = 200;
		} else {
			call.resultId =
				call.kind === "update"
					? (call.activityId ?? "")
					: `activity-${this.nextId++}`;
			call.status = call.kind === "update" ? 200 : 201;
		}
		sendHttp(res, call.status, call.resultId ? { id: call.resultId } : {});
	}
}
