import {
	type Activity,
	CloudAdapter,
	type InvokeResponse,
	type TurnContext,
} from "botbuilder";
import {
	type AuthenticateRequestResult,
	AuthenticationError,
	type BotFrameworkAuthentication,
} from "botframework-connector";
import { z } from "zod";
import type { Logger } from "../../logger.js";
import { acceptsTeamsTenant } from "../request-gate/accepts-teams-tenant.js";

/** The HTTP answer to one inbound activity. */
export type TeamsAnswer = { status: number; body?: unknown };

/** What the adapter accepts besides a valid token. */
export type TeamsAdmission = {
	/** Channels accepted (Teams is `msteams`). */
	channels: readonly string[];
	/** When set, activities from any other Microsoft Entra tenant are refused with 403. */
	tenantId: string | undefined;
	/**
	 * When set, only activities whose `serviceUrl` is one of these are accepted (403 otherwise). Local mode sets it:
	 * without a token nothing else vouches for the URL the bot will call back, with the conversation's content.
	 */
	serviceUrls?: readonly string[];
};

/** A service URL compared without case in scheme and host, and without trailing slashes. */
function sameServiceUrl(a: string, b: string): boolean {
	const norm = (u: string) => {
		try {
			const url = new URL(u);
			return `${url.origin}${url.pathname.replace(/\/+$/, "")}${url.search}`;
		} catch {
			return u;
		}
	};
	return norm(a) === norm(b);
}

/** An id or a name the bot reads: a string when present (Teams never sends another type). */
const optionalString = z.string().nullish();

/**
 * The fields the adapter and the bot rely on before they trust an activity. botbuilder reads them without checking
 * them, and a value of another type (an object where Teams sends a string) would reach a database lookup or throw
 * mid-turn, which ends an invoke as botbuilder's 501: the activity is refused with 400 instead, before anything runs.
 */
const inboundActivitySchema = z.object({
	type: z.string().min(1),
	name: optionalString,
	channelId: z.string().min(1),
	serviceUrl: z.url(),
	// A reply carries these back (the sender becomes the recipient), and Bot Connector's client refuses a non-string.
	id: optionalString,
	locale: optionalString,
	from: z
		.object({
			id: z.string().min(1),
			name: optionalString,
			aadObjectId: optionalString,
		})
		.optional(),
	recipient: z
		.object({ id: z.string().min(1), name: optionalString })
		.optional(),
	conversation: z.object({
		id: z.string().min(1),
		name: optionalString,
		tenantId: z.string().optional(),
		conversationType: optionalString,
	}),
	channelData: z
		.object({
			tenant: z.object({ id: z.string() }).optional(),
			channel: z.object({ id: optionalString }).nullish(),
			teamsChannelId: optionalString,
		})
		.optional(),
	text: optionalString,
	// Read for mentions (botbuilder's `removeRecipientMention`, which needs a mention's `mentioned.id`).
	entities: z
		.array(
			z
				.object({
					type: z.string(),
					mentioned: z.object({ id: z.string() }).optional(),
					text: z.string().optional(),
				})
				.refine((e) => e.type.toLowerCase() !== "mention" || !!e.mentioned),
		)
		.optional(),
	membersAdded: z.array(z.object({ id: z.string() })).nullish(),
});

function rejectionStatus(err: unknown): number {
	// The keys could not be fetched: a fault on our side or the metadata host's, not a bad request.
	if (err instanceof AuthenticationError && Number(err.statusCode) >= 500)
		return 503;
	if (err instanceof Error && err.name === "FetchError") return 503;
	return 401;
}

/**
 * botbuilder's CloudAdapter with authentication done in the open: the activity is checked, then its
 * JWT (botbuilder's own validation), then its channel and tenant, and only then handed to the bot. Unlike
 * `CloudAdapter.process`, every token failure is a 401 (a bad signature there is a 500), and no request
 * that fails a check reaches the bot.
 */
export class TeamsAdapter extends CloudAdapter {
	constructor(
		auth: BotFrameworkAuthentication,
		private readonly admission: TeamsAdmission,
		private readonly logger: Logger,
	) {
		super(auth);
	}

	/** Authenticates and admits one activity, then runs `logic` on it. */
	async receive(
		authorization: string,
		body: unknown,
		logic: (context: TurnContext) => Promise<void>,
	): Promise<TeamsAnswer> {
		const parsed = inboundActivitySchema.safeParse(body);
		if (!parsed.success) return this.reject(400, "malformed activity");
		const inbound = parsed.data;
		// Checked before the token: other channel ids route to other validators (ASE, emulator).
		if (!this.admission.channels.includes(inbound.channelId))
			return this.reject(403, "channel not accepted", inbound.type);
		const allowed = this.admission.serviceUrls;
		if (allowed && !allowed.some((u) => sameServiceUrl(u, inbound.serviceUrl)))
			return this.reject(403, "service URL not accepted", inbound.type);
		const activity = body as Activity;
		let auth: AuthenticateRequestResult;
		try {
			auth = await this.botFrameworkAuthentication.authenticateRequest(
				activity,
				authorization,
			);
		} catch (err) {
			return this.reject(
				rejectionStatus(err),
				"token rejected",
				inbound.type,
				err,
			);
		}
		if (
			this.admission.tenantId !== undefined &&
			!acceptsTeamsTenant(inbound, this.admission.tenantId)
		)
			return this.reject(403, "tenant not accepted", inbound.type);
		const invoke: InvokeResponse | undefined = await this.processActivity(
			auth,
			activity,
			logic,
		);
		return { status: invoke?.status ?? 200, body: invoke?.body };
	}

	private reject(
		status: number,
		why: string,
		event?: string,
		err?: unknown,
	): TeamsAnswer {
		this.logger.warn(
			{
				platform: "teams",
				status,
				...(event ? { event } : {}),
				...(err instanceof Error ? { err } : {}),
			},
			`teams activity refused: ${why}`,
		);
		return { status };
	}
}
