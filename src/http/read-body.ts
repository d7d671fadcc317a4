import type { IncomingMessage } from "node:http";

/** A request body read whole, or the sign that it passed the limit (reading stopped there). */
export type BodyRead =
	| { ok: true; body: Buffer }
	| { ok: false; status: 400 | 413 };

/**
 * Reads a request body up to `limit` bytes. Past the limit it stops reading at once and answers 413, where
 * body-parser would first drain the rest (forever, for a body that never ends); a client that breaks off gets 400.
 */
export function readBody(
	req: IncomingMessage,
	limit: number,
): Promise<BodyRead> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let length = 0;
		const finish = (result: BodyRead) => {
			req.off("data", onData);
			req.off("end", onEnd);
			req.off("error", onError);
			req.off("aborted", onError);
			if (!result.ok) req.pause();
			resolve(result);
		};
		const onData = (chunk: Buffer) => {
			length += chunk.length;
			if (length > limit) finish({ ok: false, status: 413 });
			else chunks.push(chunk);
		};
		const onEnd = () =>
			finish({ ok: true, body: Buffer.concat(chunks, length) });
		const onError = () => finish({ ok: false, status: 400 });
		req.on("data", onData);
		req.on("end", onEnd);
		req.on("error", onError);
		req.on("aborted", onError);
	});
}
