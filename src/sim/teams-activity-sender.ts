import type { TeamsActivityJson } from "./teams-activities.js";
import type {
	ChannelTokenOptions,
	TeamsChannelSigner,
} from "./teams-channel-signer.js";

/** How to authorize one post: a signed token (optionally forged), a raw header, or none. */
export type SendAuthorization =
	| { token?: Partial<Omit<ChannelTokenOptions, "serviceUrl">> }
	| { header: string | null };

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
		},
	) {}

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
		const token = signer.channelToken({
			appId,
			serviceUrl: String(activity.serviceUrl),
			...auth.token,
		});
		return `Bearer ${token}`;
	}
}
