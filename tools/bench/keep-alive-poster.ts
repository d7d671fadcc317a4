import http from "node:http";

/**
 * Posts prepared requests to one URL over kept-alive connections with `node:http`: a load generator's sends cost
 * little CPU this way (fetch costs several times more), so on a small machine the generator takes less of the CPU
 * the app under test needs.
 */
export class KeepAlivePoster {
	private readonly agent = new http.Agent({ keepAlive: true });
	private readonly target: URL;

	constructor(url: string) {
		this.target = new URL(url);
	}

	/** Posts `body` with `headers`; resolves with the status and the body as text, rejects on a network error. */
	post(
		body: string,
		headers: Record<string, string>,
	): Promise<{ status: number; body: string }> {
		return new Promise((resolve, reject) => {
			const req = http.request(
				{
					agent: this.agent,
					host: this.target.hostname,
					port: this.target.port,
					path: this.target.pathname + this.target.search,
					method: "POST",
					headers: { ...headers, "content-length": Buffer.byteLength(body) },
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on("data", (c: Buffer) => chunks.push(c));
					res.on("end", () =>
						resolve({
							status: res.statusCode ?? 0,
							body: Buffer.concat(chunks).toString("utf8"),
						}),
					);
					res.on("error", reject);
				},
			);
			req.on("error", reject);
			req.end(body);
		});
	}

	close(): void {
		this.agent.destroy();
	}
}
