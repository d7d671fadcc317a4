import type { TeamsActivityJson } from "./teams-activities.js";
import type {
	ChannelTokenOptions,
	TeamsChannelSigner,
} from "./teams-channel-signer.js";

/** How to authorize one post: a signed token (optionally forged), a raw header, or none. */
export type SendAuthorization =
	| { token?: Partial<Omit<ChannelTokenOptions, "serviceUrl">> }
	| { header: string | null };

/** How long a reused channel token serves: half the hour it is valid for. */
const tokenReuseMs = 30 * 60_000;

/** The bot's HTTP answer. */
export type BotAnswer = { status: number; body: string };

/**
 * Posts activities to a bot's `/api/messages` as the Bot Connector Service does: JSON with
 * `Authorization: Bearer <channel token>` signed by the local key (or no header, for local mode).
 */
export class TeamsActivitySender {
	constructor(
		private readonly opts: {
			messagesUrl: string;
			/** Both set: each post carries a channel token for this app id. */
			appId?: string;
			signer?: TeamsChannelSigner;
			/**
			 * Reuse one channel token per serviceUrl for half its hour, as the Bot Connector Service does, instead of
			 * signing one per post (an RS256 signature costs about a millisecond of the sender's CPU).
			 */
			reuseTokens?: boolean;
		},
	) {}

	/** The reused channel tokens, per serviceUrl, with when each was signed. */
	private readonly tokens = new Map<string, { token: string; at: number }>();

	async post(
		activity: TeamsActivityJson,
		auth: SendAuthorization = {},
	): Promise<BotAnswer> {
		const authorization = this.authorization(activity, auth);
		const res = await fetch(this.opts.messagesUrl, {
			method: "POST",
			headers: {
				"content-type": "application/json",
				...(authorization ? { authorization } : {}),
			},
			body: JSON.stringify(activity),
		});
		return { status: res.status, body: await res.text() };
	}

	private authorization(
		activity: TeamsActivityJson,
		auth: SendAuthorization,
	): string | null {
		if ("header" in auth) return auth.header;
		const { appId, signer } = this.opts;
		if (!appId || !signer) return null;
		const serviceUrl = String(activity.serviceUrl);
		const reuse = this.opts.reuseTokens && auth.token === undefined;
		const kept = reuse ? this.tokens.get(serviceUrl) : undefined;
		if (kept && Date.now() - kept.at < tokenReuseMs)
			return `Bearer ${kept.token}`;
		const token = signer.channelToken({ appId, serviceUrl, ...auth.token });
		if (reuse) {
			// A mutated serviceUrl is a new key each time: keep the map small.
			if (this.tokens.size >= 16) this.tokens.clear();
			this.tokens.set(serviceUrl, { token, at: Date.now() });
		}
		return `Bearer ${token}`;
	}
}
