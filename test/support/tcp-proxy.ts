import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy to a local service that a test can cut (every connection dropped, new ones refused) and restore, or
 * slow down (the service's answers held back).
 */
export class TcpProxy {
	private readonly live = new Set<Socket>();
	private cut = false;
	private delayMs = 0;
	private readonly server: Server;
	port = 0;

	private constructor(targetPort: number) {
		this.server = createServer((client) => {
			if (this.cut) {
				client.destroy();
				return;
			}
			const upstream = connect(targetPort, "127.0.0.1");
			for (const s of [client, upstream]) {
				this.live.add(s);
				s.once("close", () => this.live.delete(s));
				s.on("error", () => undefined);
			}
			client.pipe(upstream);
			// Each chunk of the service's answer is held `delayMs` from its arrival, in order; unslowed, passed on at once.
			let chain = Promise.resolve();
			let held = 0;
			upstream.on("data", (chunk: Buffer) => {
				if (this.delayMs === 0 && held === 0) {
					client.write(chunk);
					return;
				}
				held++;
				const due = Date.now() + this.delayMs;
				chain = chain
					.then(() => new Promise((r) => setTimeout(r, due - Date.now())))
					.then(() => {
						held--;
						if (!client.destroyed) client.write(chunk);
					});
			});
			client.once("close", () => upstream.destroy());
			upstream.once("close", () => client.destroy());
		});
	}

	static async start(targetPort: number): Promise<TcpProxy> {
		const proxy = new TcpProxy(targetPort);
		await new Promise<void>((r) => proxy.server.listen(0, "127.0.0.1", r));
		const address = proxy.server.address();
		proxy.port = typeof address === "object" && address ? address.port : 0;
		return proxy;
	}

	/** Drops every open connection and refuses new ones. */
	down(): void {
		this.cut = true;
		for (const s of this.live) s.destroy();
	}

	/** Holds back every chunk the service sends by `ms` (0: passes it on at once). */
	slow(ms: number): void {
		this.delayMs = ms;
	}

	/** Accepts connections again. */
	up(): void {
		this.cut = false;
	}

	async close(): Promise<void> {
		this.down();
		await new Promise((r) => this.server.close(r));
	}
}
