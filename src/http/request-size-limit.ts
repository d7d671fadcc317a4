import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";

/** The largest request body any endpoint reads: Slack and Teams payloads are far smaller. */
export const maxRequestBytes = 1024 * 1024;

/** After a 413, how much more of the body is read and thrown away so the client sees the answer, and for how long. */
const lingerBytes = 4 * maxRequestBytes;
const lingerMs = 2000;

/**
 * Closes the connection of a refused body the way servers do it ("lingering close"): the rest is read and
 * dropped (never kept) for a moment, so the client is not reset before it has read the 413, then the socket goes.
 */
function lingerThenClose(req: IncomingMessage): void {
	const socket = req.socket;
	let dropped = 0;
	const close = () => socket.destroy();
	const timer = setTimeout(close, lingerMs);
	timer.unref();
	socket.once("close", () => clearTimeout(timer));
	req.on("data", (chunk: Buffer) => {
		dropped += chunk.length;
		if (dropped > lingerBytes) close();
	});
	req.resume();
}

/**
 * Refuses a body over `limit` before anything reads it: a declared `Content-Length` over the limit gets 413 at once.
 * Any 413 (also the body readers' own, for a streamed body that passes the limit) closes the connection, so a body
 * that never ends is never read to its end.
 */
export function requestSizeLimit(limit = maxRequestBytes): RequestHandler {
	return (req, res, next) => {
		const writeHead = res.writeHead;
		res.writeHead = function (this: typeof res, ...args: unknown[]) {
			if (args[0] === 413 && !req.complete) {
				this.setHeader("connection", "close");
				this.once("finish", () => lingerThenClose(req));
			}
			return (writeHead as (...a: unknown[]) => typeof res).apply(this, args);
		} as typeof res.writeHead;
		const declared = Number(req.headers["content-length"]);
		if (Number.isFinite(declared) && declared > limit) {
			res.status(413).end();
			return;
		}
		next();
	};
}
