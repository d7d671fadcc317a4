import type { RequestHandler } from "express";
import { readBody } from "../../http/read-body.js";
import { arrivalOf } from "../../http/request-arrival.js";
import { maxRequestBytes } from "../../http/request-size-limit.js";
import type { Logger } from "../../logger.js";
import type { TeamsAdapter } from "./teams-adapter.js";
import type { TeamsBot } from "./teams-bot.js";
import { afterReplyKey, receivedAtKey } from "./teams-card-actions.js";

/** True for 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
	if (!address) return false;
	const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
	return v4 === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** True when a `Host` header names this machine by a loopback name (with or without a port). */
export function isLoopbackHost(host: string | undefined): boolean {
	if (!host) return false;
	let hostname: string;
	try {
		hostname = new URL(`http://${host}`).hostname;
	} catch {
		return false;
	}
	return (
		hostname === "localhost" ||
		hostname === "[::1]" ||
		/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
	);
}

/** The `POST /api/messages` handlers: loopback guard (local mode), JSON body, the adapter's checks, the bot. */
export function teamsMessagesHandlers(
	adapter: TeamsAdapter,
	bot: TeamsBot,
	opts: { loopbackOnly: boolean; logger: Logger },
): RequestHandler[] {
	// Local mode listens on 127.0.0.1 only; this guard is the second lock on the same door. The Host header must
	// name loopback too, so a web page that rebinds its own host name to 127.0.0.1 cannot post here.
	const loopback: RequestHandler = (req, res, next) => {
		if (
			!opts.loopbackOnly ||
			(isLoopbackAddress(req.socket.remoteAddress) &&
				isLoopbackHost(req.headers.host))
		)
			next();
		else res.status(403).end();
	};
	// A body that is not JSON, or too large, gets a bare status: no parser error page for unauthenticated callers.
	const parse: RequestHandler = async (req, res, next) => {
		if (!req.is("application/json")) {
			res.status(415).end();
			return;
		}
		const read = await readBody(req, maxRequestBytes);
		if (!read.ok) {
			res.status(read.status).end();
			return;
		}
		try {
			req.body = JSON.parse(read.body.toString("utf8"));
		} catch {
			res.status(400).end();
			return;
		}
		next();
	};
	const handle: RequestHandler = async (req, res) => {
		// Work the turn leaves for after its response (the pool's shuffle): the request is over when it is done.
		const afterReply: (() => Promise<void>)[] = [];
		try {
			const answer = await adapter.receive(
				req.headers.authorization ?? "",
				req.body,
				(context) => {
					context.turnState.set(receivedAtKey, arrivalOf(req));
					context.turnState.set(afterReplyKey, afterReply);
					return bot.run(context);
				},
			);
			if (answer.body === undefined) res.status(answer.status).end();
			else res.status(answer.status).json(answer.body);
			for (const work of afterReply) await work();
		} catch (err) {
			opts.logger.error(
				{ platform: "teams", err: err as Error },
				"teams activity failed",
			);
			if (!res.headersSent) res.status(500).end();
		}
	};
	return [loopback, parse, handle];
}
