import { connect, createServer, type Server, type Socket } from "node:net";

/** A TCP proxy to a local service that a test can cut (every connection dropped, new ones refused) and restore. */
export class TcpProxy {
	private readonly live = new Set<Socket>();
	private cut = false;
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
			client.pipe(upstream).pipe(client);
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

	/** Accepts connections again. */
	up(): void {
		this.cut = false;
	}

	async close(): Promise<void> {
		this.down();
		await new Promise((r) => this.server.close(r));
	}
}
