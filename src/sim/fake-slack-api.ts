import {
	createServer,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { chatMethods } from "./chat-methods.js";
import { directoryMethods } from "./directory-methods.js";
import { dndMethods } from "./dnd-methods.js";
import type {
	FakeEphemeral,
	FakeMessage,
	FakeResponse,
	FakeSharedFile,
	FakeUploadedFile,
	FakeUser,
	FakeView,
	RecordedCall,
	SlackMethodHandler,
	SlackResult,
} from "./fake-slack-types.js";
import { FakeSlackWorkspace } from "./fake-slack-workspace.js";
import { fileMethods } from "./file-methods.js";
import { parseApiBody } from "./parse-api-body.js";
import { readUploadBytes } from "./read-upload-bytes.js";
import { RollingRateLimiter } from "./rolling-rate-limiter.js";
import { sendHttp } from "./send-http.js";
import { viewMethods } from "./view-methods.js";
import { waitFor } from "./wait-for.js";

/** Options for {@link FakeSlackApi.start}. */
export type FakeSlackApiOptions = {
	/** When set, any other token gets `invalid_auth`. */
	botToken?: string;
	/** The app-level token `apps.connections.open` accepts, with the Socket Mode URL it hands out. */
	socketMode?: { appToken: string; url: () => string };
	/** When set, `chat.postMessage` calls beyond this many per rolling second get HTTP 429. */
	rateLimitPerSecond?: number;
	/** Clock in ms, for trigger expiry, rate limiting and `at`; defaults to `Date.now`. */
	now?: () => number;
	/** Random failures of `chat.postMessage`, each a probability per call, drawn from a seeded generator. */
	faults?: PostFaults;
	/**
	 * Calls a minute each method allows (rolling minute) before it answers HTTP 429 with the Retry-After (seconds)
	 * until a slot frees, as Slack's tiers do; `slackTierLimits` has Slack's figures. Unset: no such limit.
	 */
	methodLimitsPerMinute?: Record<string, number>;
	/** The rolling window of `methodLimitsPerMinute` in ms (default a minute; a bench shrinks it to scale time). */
	methodLimitWindowMs?: number;
};

/** Slack's documented tiers for the directory methods: Tier 2 (20+ a minute) and Tier 3 (50+ a minute). */
export const slackTierLimits: Record<string, number> = {
	"users.list": 20,
	"auth.teams.list": 20,
	"users.lookupByEmail": 50,
};

/** Probabilities of each way a `chat.postMessage` may fail (chaos tests). */
export type PostFaults = {
	seed: number;
	/** Posted, then the connection is dropped before the answer (ambiguous). */
	acceptThenDrop: number;
	/** The connection is dropped before anything is posted (ambiguous to the sender). */
	dropBeforePosting: number;
	/** HTTP 500 before anything is posted (ambiguous to the sender). */
	serverError: number;
	/** HTTP 429 with Retry-After: 1 (nothing posted; not ambiguous). */
	rateLimit: number;
};

/** A small seeded generator (mulberry32), so a chaos run can be replayed. */
function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const handlers: Record<string, SlackMethodHandler> = {
	...chatMethods,
	...directoryMethods,
	...dndMethods,
	...viewMethods,
	...fileMethods,
};

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** Scopes the app has in the fake workspace, unless withheld (see `FakeSlackApi.withholdScope`). */
const grantedScopes = [
	"chat:write",
	"commands",
	"dnd:read",
	"files:read",
	"files:write",
	"users:read",
	"users:read.email",
];

/** The scope a method needs, for the methods whose scope the fake checks. */
const requiredScope: Record<string, string> = {
	"dnd.teamInfo": "dnd:read",
	"files.info": "files:read",
	"users.list": "users:read",
	"users.info": "users:read",
	"users.lookupByEmail": "users:read.email",
};

/** A local imitation of the Slack Web API that the real `WebClient` can talk to. */
export class FakeSlackApi {
	/** Every Web API call received, in order. */
	readonly calls: RecordedCall[] = [];
	private readonly ws: FakeSlackWorkspace;
	private uninstalled = false;
	private readonly limiter: RollingRateLimiter | undefined;
	private readonly random: (() => number) | undefined;
	/** How many of each fault were injected. */
	readonly injected = {
		acceptThenDrop: 0,
		dropBeforePosting: 0,
		serverError: 0,
		rateLimit: 0,
	};

	private constructor(
		private readonly server: Server,
		private readonly opts: FakeSlackApiOptions,
	) {
		this.ws = new FakeSlackWorkspace(opts.now ?? Date.now);
		this.limiter = opts.rateLimitPerSecond
			? new RollingRateLimiter(opts.rateLimitPerSecond)
			: undefined;
		this.random = opts.faults ? seeded(opts.faults.seed) : undefined;
		for (const [method, perMinute] of Object.entries(
			opts.methodLimitsPerMinute ?? {},
		))
			this.methodLimiters.set(
				method,
				new RollingRateLimiter(perMinute, opts.methodLimitWindowMs ?? 60_000),
			);
	}

	private readonly methodLimiters = new Map<string, RollingRateLimiter>();

	/** Starts the fake on a random port of 127.0.0.1. */
	static async start(opts: FakeSlackApiOptions = {}): Promise<FakeSlackApi> {
		const server = createServer();
		const fake = new FakeSlackApi(server, opts);
		server.on("request", (req, res) => {
			fake.handle(req, res).catch((err: unknown) => {
				if (!res.headersSent)
					sendHttp(res, 500, {
						ok: false,
						error: "internal_error",
						detail: String(err),
					});
			});
		});
		await new Promise<void>((resolve, reject) => {
			server.once("error", reject);
			server.listen(0, "127.0.0.1", () => resolve());
		});
		const { port } = server.address() as AddressInfo;
		fake.ws.baseUrl = `http://127.0.0.1:${port}`;
		return fake;
	}

	/** `http://127.0.0.1:PORT`. */
	get baseUrl(): string {
		return this.ws.baseUrl;
	}

	/** `http://127.0.0.1:PORT/api/`, for WebClient's `slackApiUrl`. */
	get apiUrl(): string {
		return `${this.ws.baseUrl}/api/`;
	}

	/** Ids the fake uses for its own team, bot user, bot and app. */
	get ids(): {
		teamId: string;
		botUserId: string;
		botId: string;
		appId: string;
	} {
		const { teamId, botUserId, botId, appId } = this.ws;
		return { teamId, botUserId, botId, appId };
	}

	/** JSON bodies posted to response URLs, in order. */
	get responses(): FakeResponse[] {
		return this.ws.responses;
	}

	/** Stops the server and drops open connections. */
	async close(): Promise<void> {
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	/** Calls received for one method. */
	callsTo(method: string): RecordedCall[] {
		return this.calls.filter((c) => c.method === method);
	}

	/**
	 * Waits until at least `count` calls to `method` have been handled. Bolt acks before its
	 * listener finishes, so the app's Web API calls usually land after the simulated request returns.
	 */
	async waitForCalls(
		method: string,
		count = 1,
		timeoutMs = 2000,
	): Promise<RecordedCall[]> {
		return waitFor(
			() => {
				const found = this.callsTo(method);
				return found.length >= count ? found : undefined;
			},
			timeoutMs,
			`${count} call(s) to ${method}`,
		);
	}

	/** Forgets calls, messages, views, files, responses, triggers and rate-limit history; keeps users. */
	reset(): void {
		this.calls.length = 0;
		this.ws.reset();
		this.limiter?.reset();
		for (const l of this.methodLimiters.values()) l.reset();
	}

	/** Makes this an Enterprise Grid org-wide install whose org has these workspaces (`users.list` needs `team_id`). */
	useEnterpriseGrid(teamIds: string[]): void {
		this.ws.enterpriseTeams = [...teamIds];
	}

	/** The app is uninstalled: its bot token is revoked, so every Web API call answers `token_revoked`. */
	uninstall(): void {
		this.uninstalled = true;
	}

	/** The app is installed again with the same token (an internal app's reinstall). */
	reinstall(): void {
		this.uninstalled = false;
	}

	/** Registers a user, e.g. so `users.lookupByEmail` finds them. */
	addUser(user: FakeUser): void {
		this.ws.users.set(user.id, user);
	}

	/** Issues a `trigger_id` (valid once, for 3 s from `issuedAt`), as Slack does on user interaction. */
	issueTriggerId(userId?: string, issuedAt?: number): string {
		return this.ws.issueTriggerId(userId, issuedAt);
	}

	/** A fresh `response_url` that records what is posted to it in {@link responses}. */
	newResponseUrl(): string {
		return `${this.ws.baseUrl}/response/${this.ws.newResponseId()}`;
	}

	/** The stable DM channel id the fake uses for a user. */
	dmChannelFor(userId: string): string {
		return this.ws.dmChannelFor(userId);
	}

	/** The channel id a user id, channel name (`#x`/`x`) or channel id maps to. */
	channelIdFor(channelOrUser: string): string {
		return this.ws.resolveChannel(channelOrUser);
	}

	/** Current state of the messages posted to a channel or user's DM, oldest first. */
	messagesTo(channelOrUser: string): FakeMessage[] {
		const id = this.ws.resolveChannel(channelOrUser);
		return this.ws.messages
			.filter((m) => m.channel === id)
			.map((m) => ({ ...m }));
	}

	/** The current state of one message, if it exists. */
	findMessage(channelOrUser: string, ts: string): FakeMessage | undefined {
		const found = this.ws.findMessage(channelOrUser, ts);
		return found ? { ...found } : undefined;
	}

	/** Ephemeral messages sent with `chat.postEphemeral`, oldest first. */
	ephemeralMessages(): FakeEphemeral[] {
		return [...this.ws.ephemerals];
	}

	/** The latest Home tab view published for a user. */
	homeView(userId: string): FakeView | undefined {
		return this.ws.homeViews.get(userId);
	}

	/** Current state of modals opened or pushed (optionally only those for one user), oldest first. */
	openedViews(userId?: string): FakeView[] {
		const all = [...this.ws.views.values()];
		return userId === undefined
			? all
			: all.filter((v) => this.ws.viewOwners.get(v.id) === userId);
	}

	/** Files created through the external upload flow, in creation order. */
	uploadedFiles(): FakeUploadedFile[] {
		return [...this.ws.files.values()];
	}

	private async handle(
		req: IncomingMessage,
		res: ServerResponse,
	): Promise<void> {
		const url = new URL(req.url ?? "/", this.ws.baseUrl);
		const raw = await readBody(req);
		const [, area, id] = url.pathname.split("/");
		if (area === "api" && id)
			return this.handleApi(id, req, raw, url.search.slice(1), res);
		if (area === "upload" && id && req.method === "POST") {
			const file = this.ws.files.get(id);
			if (!file) return sendHttp(res, 404, "file not found");
			file.bytes = await readUploadBytes(req.headers["content-type"], raw);
			return sendHttp(res, 200, `OK - ${file.bytes.length}`);
		}
		if (area === "files-pri" && id && req.method === "GET")
			return this.serveSharedFile(id, req, res);
		if (area === "response" && id && req.method === "POST") {
			if (!this.ws.responseIds.has(id))
				return sendHttp(res, 404, "no_such_response_url");
			const text = raw.toString("utf8");
			let body: unknown = text;
			try {
				body = JSON.parse(text);
			} catch {}
			this.ws.responses.push({ url: url.href, body });
			return sendHttp(res, 200, "ok");
		}
		sendHttp(res, 404, "not found");
	}

	/** Every request for a shared file's private URL: which file, and whether it was let through. */
	readonly fileDownloads: { fileId: string; authorized: boolean }[] = [];

	/**
	 * A person shares a file in their direct message with the bot (or `channelId`): it is known to `files.info` and
	 * served at its private URL to the bot token only (with `files:read`), as Slack does. Returns the file.
	 */
	shareFileFrom(
		userId: string,
		file: {
			name: string;
			content: string | Buffer;
			mimetype?: string;
			channelId?: string;
			reportedSize?: number;
		},
	): FakeSharedFile {
		const shared: FakeSharedFile = {
			id: this.ws.nextId("F"),
			name: file.name,
			mimetype: file.mimetype ?? "text/csv",
			bytes: Buffer.from(file.content),
			user: userId,
			channelId: file.channelId ?? this.ws.dmChannelFor(userId),
			...(file.reportedSize !== undefined
				? { reportedSize: file.reportedSize }
				: {}),
		};
		this.ws.userFiles.set(shared.id, shared);
		return { ...shared };
	}

	/** `GET /files-pri/{team}-{file}/…`: the bytes for `Authorization: Bearer` with the bot token, else 403. */
	private serveSharedFile(
		id: string,
		req: IncomingMessage,
		res: ServerResponse,
	): void {
		const fileId = id.slice(id.indexOf("-") + 1);
		const file = this.ws.userFiles.get(fileId);
		const bearer = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
		const authorized =
			file !== undefined &&
			bearer !== undefined &&
			(this.opts.botToken === undefined || bearer === this.opts.botToken) &&
			!this.withheldScopes.has("files:read");
		this.fileDownloads.push({ fileId, authorized });
		if (!file) {
			sendHttp(res, 404, "file not found");
			return;
		}
		if (!authorized) {
			sendHttp(res, 403, "forbidden");
			return;
		}
		res.writeHead(200, {
			"content-type": file.mimetype,
			"content-length": String(file.bytes.length),
		});
		res.end(file.bytes);
	}

	private readonly refusedDms = new Map<string, string>();
	private readonly droppedDms = new Set<string>();

	/** From now on, a DM to this user is refused with `error` (a person who left or blocked the bot). */
	refuseDmsTo(userId: string, error = "user_disabled"): void {
		this.refusedDms.set(userId, error);
	}

	/**
	 * From now on, a DM to this user is posted but the connection is dropped before the answer: the sender
	 * cannot know whether it arrived (an ambiguous failure). `restore` ends it.
	 */
	dropAnswersForDmsTo(userId: string, restore = false): void {
		if (restore) this.droppedDms.delete(userId);
		else this.droppedDms.add(userId);
	}

	private readonly heldDms = new Set<string>();
	private readonly heldAnswers: (() => void)[] = [];

	/**
	 * From now on, a DM to this user is posted but its answer is held back, the request left open, until
	 * `releaseHeldAnswers()`: a send caught in flight (a test kills the sender meanwhile).
	 */
	holdAnswersForDmsTo(userId: string): void {
		this.heldDms.add(userId);
	}

	/** Sends every held answer and stops holding. */
	releaseHeldAnswers(): void {
		this.heldDms.clear();
		for (const send of this.heldAnswers.splice(0)) send();
	}

	private readonly withheldScopes = new Set<string>();
	private readonly limitedMethods = new Map<string, number>();
	private readonly gatewayFailures = new Map<
		string,
		{ status: number; retryAfterSeconds: number | undefined }[]
	>();

	/**
	 * Answers the next call to `method` with this HTTP status (a gateway's 502, 503 or 504, say), with an HTML body
	 * as a load balancer sends, and Retry-After when given; the call is recorded, and whether it took effect is
	 * what the caller cannot know.
	 */
	failNext(method: string, status: number, retryAfterSeconds?: number): void {
		const queue = this.gatewayFailures.get(method) ?? [];
		queue.push({ status, retryAfterSeconds });
		this.gatewayFailures.set(method, queue);
	}

	/**
	 * Puts a user in Do Not Disturb from `start` to `end` (ms since the epoch), as `dnd.teamInfo` reports it;
	 * `null` takes them out of it.
	 */
	setDoNotDisturb(
		userId: string,
		window: { start: number; end: number } | null,
	): void {
		if (window)
			this.ws.dnd.set(userId, { startMs: window.start, endMs: window.end });
		else this.ws.dnd.delete(userId);
	}

	/** Behaves as an app installed without `scope`: methods needing it answer `missing_scope`. */
	withholdScope(scope: string, restore = false): void {
		if (restore) this.withheldScopes.delete(scope);
		else this.withheldScopes.add(scope);
		this.ws.emailsVisible = !this.withheldScopes.has("users:read.email");
	}

	/** Answers every call to `method` with HTTP 429 and this Retry-After (seconds); `null` ends it. */
	rateLimitMethod(method: string, retryAfterSeconds: number | null): void {
		if (retryAfterSeconds === null) this.limitedMethods.delete(method);
		else this.limitedMethods.set(method, retryAfterSeconds);
	}

	/** Draws this call's injected fault, if any, and counts it. */
	private drawFault(): keyof FakeSlackApi["injected"] | null {
		const f = this.opts.faults;
		if (!f || !this.random) return null;
		const r = this.random();
		let edge = 0;
		for (const kind of [
			"acceptThenDrop",
			"dropBeforePosting",
			"serverError",
			"rateLimit",
		] as const) {
			edge += f[kind];
			if (r < edge) {
				this.injected[kind]++;
				return kind;
			}
		}
		return null;
	}

	private async handleApi(
		method: string,
		req: IncomingMessage,
		raw: Buffer,
		query: string,
		res: ServerResponse,
	): Promise<void> {
		const call: RecordedCall = { method, params: {}, at: this.ws.now() };
		let result: SlackResult;
		try {
			call.params = await parseApiBody(req.headers["content-type"], raw, query);
			this.calls.push(call);
			const gateway = this.gatewayFailures.get(method)?.shift();
			if (gateway) {
				call.error = `http_${gateway.status}`;
				return sendHttp(
					res,
					gateway.status,
					"<html><body>Bad gateway</body></html>",
					gateway.retryAfterSeconds === undefined
						? {}
						: { "retry-after": String(gateway.retryAfterSeconds) },
				);
			}
			const tierWait = this.methodLimiters.get(method);
			const waitMs = tierWait?.waitMs(this.ws.now()) ?? 0;
			if (tierWait && waitMs === 0) tierWait.tryHit(this.ws.now());
			const retryAfter =
				this.limitedMethods.get(method) ??
				(waitMs > 0 ? Math.ceil(waitMs / 1000) : undefined);
			if (retryAfter !== undefined) {
				call.rateLimited = true;
				call.error = "ratelimited";
				return sendHttp(
					res,
					429,
					{ ok: false, error: "ratelimited" },
					{ "retry-after": String(retryAfter) },
				);
			}
			const dmTo =
				method === "chat.postMessage" ? String(call.params.channel ?? "") : "";
			const fault = dmTo ? this.drawFault() : null;
			if (fault === "dropBeforePosting") {
				call.error = "connection_dropped";
				req.socket.destroy();
				return;
			}
			if (fault === "serverError") {
				call.error = "internal_error";
				return sendHttp(res, 500, { ok: false, error: "internal_error" });
			}
			if (fault === "rateLimit") {
				call.rateLimited = true;
				call.error = "ratelimited";
				return sendHttp(
					res,
					429,
					{ ok: false, error: "ratelimited" },
					{
						"retry-after": "1",
					},
				);
			}
			const refused = this.refusedDms.get(dmTo);
			result = refused
				? { ok: false, error: refused }
				: this.dispatch(method, call.params, req.headers.authorization);
			if (
				result.ok &&
				(this.droppedDms.has(dmTo) || fault === "acceptThenDrop")
			) {
				call.error = "connection_dropped";
				req.socket.destroy();
				return;
			}
		} catch {
			if (!this.calls.includes(call)) this.calls.push(call);
			result = { ok: false, error: "invalid_form_data" };
		}
		if (result.error === "ratelimited") {
			call.rateLimited = true;
			call.error = result.error;
			return sendHttp(res, 429, result, { "retry-after": "1" });
		}
		if (!result.ok) call.error = result.error;
		const dmTo =
			method === "chat.postMessage" ? String(call.params.channel) : "";
		if (result.ok && this.heldDms.has(dmTo)) {
			this.heldAnswers.push(() => sendHttp(res, 200, result));
			return;
		}
		sendHttp(res, 200, result);
	}

	private dispatch(
		method: string,
		params: Record<string, unknown>,
		authorization?: string,
	): SlackResult {
		const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
		const token =
			bearer ?? (typeof params.token === "string" ? params.token : undefined);
		if (!token) return { ok: false, error: "not_authed" };
		if (method === "apps.connections.open") {
			const sm = this.opts.socketMode;
			if (!sm || token !== sm.appToken)
				return { ok: false, error: "invalid_auth" };
			return { ok: true, url: sm.url() };
		}
		if (this.opts.botToken !== undefined && token !== this.opts.botToken) {
			return { ok: false, error: "invalid_auth" };
		}
		if (this.uninstalled) return { ok: false, error: "token_revoked" };
		if (
			method === "chat.postMessage" &&
			this.limiter &&
			!this.limiter.tryHit(this.ws.now())
		) {
			return { ok: false, error: "ratelimited" };
		}
		const scope = requiredScope[method];
		if (scope && this.withheldScopes.has(scope))
			return {
				ok: false,
				error: "missing_scope",
				needed: scope,
				provided: grantedScopes
					.filter((s) => !this.withheldScopes.has(s))
					.join(","),
			};
		const handler = handlers[method];
		return handler
			? handler(params, this.ws)
			: { ok: false, error: "unknown_method" };
	}
}
