import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sendHttp } from "../../src/sim/send-http.js";

/** One request for a hosted file: which one, and the Authorization header it carried (none is needed). */
export type FileHostRequest = { name: string; authorization: string | null };

/**
 * Where a file a person sends to the bot in Teams personal chat lives, as OneDrive/SharePoint serves it: each file at
 * a pre-authorized download URL (an unguessable token in the path, no credential needed), valid for `ttlMs`.
 */
export class FakeTeamsFileHost {
	/** Every download request, in order. */
	readonly requests: FileHostRequest[] = [];
	private readonly files = new Map<
		string,
		{ name: string; bytes: Buffer; expiresAt: number }
	>();
	private baseUrl = "";

	private constructor(
		private readonly server: Server,
		private readonly ttlMs: number,
	) {}

	/** Starts the host on a random port of 127.0.0.1. */
	static async start(
		opts: { ttlMs?: number } = {},
	): Promise<FakeTeamsFileHost> {
		const server = createServer();
		const host = new FakeTeamsFileHost(server, opts.ttlMs ?? 60 * 60_000);
		server.on("request", (req, res) => {
			const token = new URL(req.url ?? "/", host.baseUrl).pathname.split(
				"/",
			)[2];
			const file = token ? host.files.get(token) : undefined;
			host.requests.push({
				name: file?.name ?? "",
				authorization: req.headers.authorization ?? null,
			});
			if (!file || file.expiresAt < Date.now()) {
				sendHttp(res, 404, "not found");
				return;
			}
			res.writeHead(200, {
				"content-type": "application/octet-stream",
				"content-length": String(file.bytes.length),
			});
			res.end(file.bytes);
		});
		await new Promise<void>((resolve, reject) => {
			server.once("error", reject);
			server.listen(0, "127.0.0.1", () => resolve());
		});
		host.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		return host;
	}

	/** Keeps a file and returns its pre-authorized download URL. */
	host(name: string, content: string | Buffer): string {
		const token = randomBytes(12).toString("hex");
		this.files.set(token, {
			name,
			bytes: Buffer.from(content),
			expiresAt: Date.now() + this.ttlMs,
		});
		return `${this.baseUrl}/download/${token}`;
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
