import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";

const arrivals = new WeakMap<IncomingMessage, number>();

/** Notes when each request reached the app (`performance.now()`), before its body is read or anything waits. */
export const stampArrival: RequestHandler = (req, _res, next) => {
	arrivals.set(req, performance.now());
	next();
};

/** When `req` arrived, as stamped by `stampArrival`; now, when it was not stamped. */
export function arrivalOf(req: IncomingMessage): number {
	return arrivals.get(req) ?? performance.now();
}
