import http from "node:http";

/** How the app answered an oversized body, and how much of it was sent by then. */
export type OversizedOutcome = { status: number; bytesSent: number };

/**
 * POSTs a body that never ends (chunked, 64 KiB at a time, for as long as the socket takes it) or, with
 * `declaredBytes`, announces that many bytes and sends only the first KiB. Stops at the first response.
 */
export function postOversized(
	url: string,
	opts: { declaredBytes?: number; headers?: Record<string, string> } = {},
): Promise<OversizedOutcome> {
	return new Promise((resolve, reject) => {
		let bytesSent = 0;
		let answered = false;
		const timer = setTimeout(() => {
			answered = true;
			req.destroy();
			reject(
				new Error(`no answer from ${url} within 10 s of an oversized body`),
			);
		}, 10_000);
		const req = http.request(url, {
			method: "POST",
			headers: {
				"content-type": "application/json",
				...(opts.declaredBytes === undefined
					? { "transfer-encoding": "chunked" }
					: { "content-length": String(opts.declaredBytes) }),
				...opts.headers,
			},
		});
		const chunk = Buffer.alloc(64 * 1024, 0x20);
		const pump = () => {
			while (!answered) {
				bytesSent += chunk.length;
				if (!req.write(chunk)) {
					req.once("drain", pump);
					return;
				}
			}
		};
		req.on("response", (res) => {
			answered = true;
			clearTimeout(timer);
			res.resume();
			req.destroy();
			resolve({ status: res.statusCode ?? 0, bytesSent });
		});
		req.on("error", (err) => {
			if (!answered) reject(err);
		});
		req.flushHeaders();
		if (opts.declaredBytes === undefined) {
			req.write("{");
			pump();
		} else {
			bytesSent = 1024;
			req.write(Buffer.alloc(1024, 0x20));
		}
	});
}
