import express, { type RequestHandler } from "express";
import { arrivalOf } from "../../http/request-arrival.js";
import type { Logger } from "../../logger.js";
import type { TeamsAdapter } from "./teams-adapter.js";
import type { TeamsBot } from "./teams-bot.js";
import { receivedAtKey } from "./teams-card-actions.js";

/** True for 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
	if (!address) return false;
	const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
	return v4 === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** The `POST /api/messages` handlers: loopback guard (local mode), JSON body, the adapter's checks, the bot. */
export function teamsMessagesHandlers(
	adapter: TeamsAdapter,
	bot: TeamsBot,
	opts: { loopbackOnly: boolean; logger: Logger },
): RequestHandler[] {
	// Local mode listens on 127.0.0.1 only; this guard is the second lock on the same door.
	const loopback: RequestHandler = (req, res, next) => {
		if (!opts.loopbackOnly || isLoopbackAddress(req.socket.remoteAddress))
			next();
		else res.status(403).end();
	};
	const json = express.json({ limit: "512kb" });
	// A body that is not JSON, or too large, gets a bare status: no parser error page for unauthenticated callers.
	const parse: RequestHandler = (req, res, next) =>
		json(req, res, (err?: unknown) => {
			if (err === undefined) next();
			else res.status(Number((err as { status?: number }).status) || 400).end();
		});
	const handle: RequestHandler = async (req, res) => {
		try {
			const answer = await adapter.receive(
				req.headers.authorization ?? "",
				req.body,
				(context) => {
					context.turnState.set(receivedAtKey, arrivalOf(req));
					return bot.run(context);
				},
			);
			if (answer.body === undefined) res.status(answer.status).end();
			else res.status(answer.status).json(answer.body);
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
