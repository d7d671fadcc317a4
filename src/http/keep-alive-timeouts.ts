import type { Server, ServerResponse } from "node:http";

/**
 * How long the server keeps an idle keep-alive connection open. Node's default (5 s) is shorter than the idle
 * reuse of what stands in front of it (AWS ALB 60 s, ingress-nginx upstream keep-alive 60 s; Node's own fetch up to
 * 4 s by a clock that runs slow when the process is starved of CPU), so the server could close a connection just as
 * a request went out on it, and the caller saw the request reset. The server must be the side that waits longer.
 */
export const keepAliveTimeoutMs = 65_000;

/** How long a request's headers may take; Node requires it to outlast the keep-alive timeout. */
export const headersTimeoutMs = keepAliveTimeoutMs + 1_000;

/**
 * Sets the keep-alive and headers timeouts on a listening HTTP server, and returns how to close it without waiting
 * for them: Node's `close()` closes the idle connections at once but leaves one that is busy answering open for the
 * whole keep-alive timeout after its answer, longer than a shutdown may take. Answers still to be written say
 * `Connection: close`, and a connection that goes idle after the close is closed then.
 */
export function applyKeepAliveTimeouts(server: Server): {
	close(): Promise<void>;
} {
	server.keepAliveTimeout = keepAliveTimeoutMs;
	server.headersTimeout = headersTimeoutMs;
	const busy = new Set<ServerResponse>();
	let closing = false;
	server.on("request", (_req, res: ServerResponse) => {
		if (closing) res.setHeader("connection", "close");
		busy.add(res);
		res.once("close", () => {
			busy.delete(res);
			if (closing) setImmediate(() => server.closeIdleConnections());
		});
	});
	return {
		close: () =>
			new Promise((resolve) => {
				closing = true;
				for (const res of busy)
					if (!res.headersSent) res.setHeader("connection", "close");
				server.close(() => resolve());
			}),
	};
}
