import type { Activity } from "botbuilder";
import type { ConnectorClient } from "botframework-connector";
import type { DeliveryChannel } from "../../domain/deliveries/delivery-channel.js";
import {
	PlatformOverloaded,
	PlatformRateLimited,
	RecipientUnreachable,
} from "../../domain/deliveries/delivery-errors.js";
import type { ClaimedDelivery } from "../../domain/deliveries/outbox-store.js";
import { isTeamsChannel } from "../../domain/deliveries/platform.js";
import type { Campaign, CensusStore } from "../../domain/ports.js";
import type { ReachRecorder } from "../../domain/roster/reach-recorder.js";
import type {
	TeamsConversation,
	TeamsConversationStore,
} from "../../domain/roster/teams-conversation-store.js";
import type { Logger } from "../../logger.js";
import { englishOnly, type Languages } from "../../text/languages.js";
import type { Translator } from "../../text/translator.js";
import type { TeamsAppInstaller } from "./graph/graph-installer.js";
import { teamsErrorCode } from "./teams-error-code.js";
import { prepareThroughGraph } from "./teams-graph-preparer.js";

/** What the Teams sender needs. */
export type TeamsDeliveryDeps = {
	/** Retry-free ConnectorClients by Bot Connector base URL (see `createTeamsConnectors`). */
	connector: (serviceUrl: string) => Promise<ConnectorClient>;
	conversations: TeamsConversationStore;
	store: Pick<CensusStore, "findCampaign">;
	/** The message for one delivery (the invitation card, a reminder, a nudge, a post), in the reader's language. */
	render: (
		d: ClaimedDelivery,
		campaign: Campaign,
		t: Translator,
	) => Partial<Activity>;
	/** The languages employees are spoken to in (absent: English (UK) only). */
	languages?: Languages;
	/** The bot's Teams id (`28:<app id>`) and tenant, for conversations created here. */
	botId: string;
	tenantId: string;
	/** Where to create conversations and post to channels when no reference was captured. */
	serviceUrl: string;
	/** A send taking longer than this is abandoned as ambiguous (Bot Service itself gives up at 10–15 s). */
	timeoutMs?: number;
	/**
	 * Waits for a slot under the tenant's rate limit for a second call in one delivery: Teams counts every call
	 * against the bot's 50 per second. The delivery's own slot (taken before the claim) goes to its first call, the
	 * conversation's creation; the send then waits here for the next. Default: no wait.
	 */
	paceExtraCall?: () => Promise<unknown>;
	/** Records why a person cannot be reached (app not installed, blocked). */
	reach?: ReachRecorder;
	/** Installs the app through Graph for people known by Entra object id and not reachable yet. */
	installer?: TeamsAppInstaller;
	/** Failed sends are logged with Teams' status and error code. */
	logger?: Logger;
};

/** Statuses of a gateway that gave up or a service that is unavailable: the queue backs off. */
const gateway = new Set([502, 503, 504]);

function statusOf(err: unknown): number | undefined {
	const s = (err as { statusCode?: unknown }).statusCode;
	return typeof s === "number" ? s : undefined;
}

function retryAfterMs(err: unknown, otherwiseMs = 1000): number {
	const headers = (
		err as { response?: { headers?: { get?(n: string): string | undefined } } }
	).response?.headers;
	const value = Number(headers?.get?.("retry-after"));
	return Number.isFinite(value) && value > 0 ? value * 1000 : otherwiseMs;
}

function isWritesBlocked(err: unknown): boolean {
	const text = `${(err as { message?: unknown }).message ?? ""} ${JSON.stringify((err as { response?: { bodyAsText?: unknown } }).response?.bodyAsText ?? "")}`;
	return text.includes("MessageWritesBlocked");
}

/** A notice names the person by the id they used (an admin's Teams id); others by their roster row. */
function userOf(d: ClaimedDelivery): string | null {
	return d.kind === "post"
		? null
		: d.kind === "notice"
			? d.recipient
			: d.teamsUserId;
}

/**
 * Where a delivery goes: the channel of a post, the person's captured conversation, or their 1:1 conversation,
 * created here once (Teams hands out the same one each time).
 */
function conversationTargets(
	deps: TeamsDeliveryDeps,
	timeout: number,
): (
	d: ClaimedDelivery,
	captured: TeamsConversation | null,
) => Promise<{ serviceUrl: string; conversationId: string }> {
	const created = new Map<string, string>();
	return async (
		d: ClaimedDelivery,
		captured: TeamsConversation | null,
	): Promise<{ serviceUrl: string; conversationId: string }> => {
		if (d.kind === "post") {
			if (!isTeamsChannel(d.recipient))
				throw new RecipientUnreachable("not_a_teams_channel");
			return { serviceUrl: deps.serviceUrl, conversationId: d.recipient };
		}
		const user = userOf(d);
		if (!user) throw new RecipientUnreachable("no_teams_user");
		if (captured)
			return {
				serviceUrl: captured.serviceUrl,
				conversationId: captured.conversationId,
			};
		// Teams hands out the same 1:1 conversation each time: a reminder need not create it again.
		const known = created.get(user);
		if (known) return { serviceUrl: deps.serviceUrl, conversationId: known };
		const client = await deps.connector(deps.serviceUrl);
		const made = await client.conversations.createConversation(
			{
				isGroup: false,
				bot: { id: deps.botId, name: "" },
				members: [{ id: user, name: "" }],
				tenantId: deps.tenantId,
				channelData: { tenant: { id: deps.tenantId } },
			} as Parameters<
				ConnectorClient["conversations"]["createConversation"]
			>[0],
			{ timeout },
		);
		if (made.id) {
			if (created.size >= 100_000) created.clear();
			created.set(user, made.id);
		}
		// The creation took this delivery's slot: the send waits for a slot of its own, or the two calls land in the
		// same instant and two deliveries' pairs crowd one rolling second (429, and the whole queue pauses).
		await deps.paceExtraCall?.();
		return { serviceUrl: deps.serviceUrl, conversationId: made.id ?? "" };
	};
}

/**
 * The delivery outcome a failed Teams call means (thrown), or the unreachable person recorded (`unreachable`).
 * `sending`: whether the send itself was under way; before it (creating the conversation), no message can have gone.
 */
function sendFailure(
	err: unknown,
	d: ClaimedDelivery,
	sending: boolean,
	unreachable: (detail: string) => Promise<never>,
): Promise<never> {
	const status = statusOf(err);
	if (status === 429) throw new PlatformRateLimited(retryAfterMs(err));
	// Precondition failed: Teams wrote nothing; back off like a 429.
	if (status === 412) throw new PlatformRateLimited(retryAfterMs(err), status);
	if (status === 403 && isWritesBlocked(err))
		return unreachable("MessageWritesBlocked");
	// Creating the 1:1 conversation was refused: the bot is not in it, as the app is not installed.
	if (status === 403 && d.kind !== "post")
		return unreachable("app_not_installed");
	if (status === 404) throw new RecipientUnreachable("conversation_not_found");
	// The gateway gave up or the service is unavailable, so the queue backs off. To a send, the message may
	// have gone (`unknown`); before it, nothing went, and the delivery waits for its turn again.
	if (status !== undefined && gateway.has(status))
		throw sending
			? new PlatformOverloaded(status, retryAfterMs(err, 2000))
			: new PlatformRateLimited(retryAfterMs(err, 2000), status);
	throw err;
}

/**
 * Sends outbox deliveries to Teams proactively: to the person's captured personal conversation, or to the 1:1
 * conversation created here (Teams hands out the same id each time) when none was captured. Never retries:
 * 429 and 412 (nothing written) → `PlatformRateLimited`; 403 MessageWritesBlocked → `RecipientUnreachable`;
 * 502/503/504 to the send → `PlatformOverloaded` (may have arrived: `unknown`, and the queue backs off); 502/503/504
 * to creating the conversation → `PlatformRateLimited` (no message can have gone: the delivery waits, no attempt
 * used, and the queue backs off); timeouts and anything else propagate as "may have arrived" (`unknown`, never
 * resent automatically).
 * A 404 on a captured conversation is also "unreachable": the reference is stale (the app was removed), and
 * recreating would need the app installed again. A 403 on creating the 1:1 conversation means the app is not
 * installed for the person (the bot is not in the conversation's roster): `undeliverable`, reason
 * `app_not_installed` on the roster; with Graph configured, `prepare` installs the app before the claim instead.
 * No Do Not Disturb on Teams: nothing is held.
 */
export function createTeamsDeliveryChannel(
	deps: TeamsDeliveryDeps,
): DeliveryChannel {
	const timeout = deps.timeoutMs ?? 15_000;
	const campaigns = new Map<string, Promise<Campaign | null>>();
	const campaignOf = (id: string) => {
		let c = campaigns.get(id);
		if (!c) {
			c = deps.store.findCampaign(id);
			campaigns.set(id, c);
			c.catch(() => campaigns.delete(id));
		}
		return c;
	};
	const languages = deps.languages ?? englishOnly;
	const target = conversationTargets(deps, timeout);
	const unreachable = async (
		d: ClaimedDelivery,
		reason: "app_not_installed",
		detail: string,
	): Promise<never> => {
		if (d.teamsUserId)
			await deps.reach?.markTeamsUnreachable(d.teamsUserId, reason);
		throw new RecipientUnreachable(detail);
	};
	return {
		async holdUntil() {
			return null;
		},
		...(deps.installer && deps.reach && deps.logger
			? {
					prepare: prepareThroughGraph({
						installer: deps.installer,
						conversations: deps.conversations,
						reach: deps.reach,
						logger: deps.logger,
						botId: deps.botId,
						tenantId: deps.tenantId,
						serviceUrl: deps.serviceUrl,
					}),
				}
			: {}),
		async deliver(d: ClaimedDelivery): Promise<string> {
			const campaign = await campaignOf(d.campaignId);
			if (!campaign) throw new RecipientUnreachable("campaign_not_found");
			// The person's captured conversation carries the locale Teams gave when it was captured.
			const user = userOf(d);
			const captured = user
				? await deps.conversations.findByTeamsUserId(user)
				: null;
			const locale = captured?.reference.locale;
			// The roster's language, else their Teams client's locale, else the directory's (Graph's
			// `preferredLanguage`, recorded by the reach check), else the default. Rendered before any call to
			// Teams: a payload that cannot be read costs none.
			const message = deps.render(
				d,
				campaign,
				languages.pick(
					d.language,
					typeof locale === "string" ? locale : null,
					d.platformLocale,
				),
			);
			// Whether the send itself was under way: before it (creating the conversation), no message can have gone.
			let sending = false;
			try {
				const where = await target(d, captured);
				const client = await deps.connector(where.serviceUrl);
				sending = true;
				const sent = await client.conversations.sendToConversation(
					where.conversationId,
					{ type: "message", ...message },
					{ timeout },
				);
				return `${where.conversationId}:${sent.id ?? ""}`;
			} catch (err) {
				deps.logger?.warn(
					{
						platform: "teams",
						deliveryId: d.id,
						status: statusOf(err),
						code: teamsErrorCode(err),
					},
					"Teams send failed",
				);
				return sendFailure(err, d, sending, (detail) =>
					unreachable(d, "app_not_installed", detail),
				);
			}
		},
	};
}
