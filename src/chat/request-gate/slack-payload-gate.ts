import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import { z } from "zod";
import type { Logger } from "../../logger.js";

/** An id or a text the listeners read: a string when present (Slack never sends another type). */
const optionalString = z.string().optional();

/**
 * The fields of an interaction or of `app_home_opened` that the listeners read (Bolt's types promise strings and do
 * not check them). An object where Slack sends a string reached a database lookup (`findParticipantByUser`,
 * `isAdmin`) or a Web API call and failed there, after the acknowledgement.
 */
const payloadSchema = z.object({
	user: z.object({ id: z.string() }).optional(),
	trigger_id: optionalString,
	response_url: optionalString,
	container: z
		.object({
			type: optionalString,
			channel_id: optionalString,
			message_ts: optionalString,
		})
		.optional(),
	channel: z.object({ id: z.string() }).nullish(),
	message: z.object({ ts: optionalString }).optional(),
	actions: z
		.array(z.object({ action_id: z.string(), value: optionalString }))
		.optional(),
	view: z
		.object({ callback_id: optionalString, private_metadata: optionalString })
		.optional(),
});

const homeOpenedSchema = z.object({
	user: z.string(),
	channel: optionalString,
	tab: optionalString,
});

function wellFormed(body: Record<string, unknown>): boolean {
	if (!payloadSchema.safeParse(body).success) return false;
	const event = body.event as { type?: unknown } | undefined;
	return (
		event?.type !== "app_home_opened" ||
		homeOpenedSchema.safeParse(event).success
	);
}

/**
 * Bolt global middleware that refuses a signed payload whose fields the listeners read are not of the type Slack
 * sends: an empty acknowledgement (events are acknowledged before middleware runs), nothing looked up, and a log line
 * without the payload to count them by.
 */
export function slackPayloadGate(
	logger: Logger,
): Middleware<AnyMiddlewareArgs> {
	return async (args) => {
		if (wellFormed(args.body as Record<string, unknown>)) return args.next();
		logger.info(
			{ platform: "slack", event: "unknown-interaction", kind: "malformed" },
			"malformed slack payload refused",
		);
		if ("ack" in args && typeof args.ack === "function") await args.ack();
	};
}
