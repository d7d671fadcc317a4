import type { RequestHandler } from "express";

/** The largest request body any endpoint reads: Slack and Teams payloads are far smaller. */
export const maxRequestBytes = 1024 * 1024;

/**
 * Refuses a body over `maxRequestBytes` before anything reads it: a declared `Content-Length` over the limit gets
 * 413 at once, and any 413 (also the body parsers' own, for a streamed body that passes the limit) closes the
 * connection, so the rest of the body is never read into memory or drained.
 */
export function requestSizeLimit(limit = maxRequestBytes): RequestHandler {
	return (req, res, next) => {
		const writeHead = res.writeHead;
		res.writeHead = function (this: typeof res, ...args: unknown[]) {
			if (args[0] === 413) this.setHeader("connection", "close");
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
