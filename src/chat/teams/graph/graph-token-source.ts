import { z } from "zod";

/** Gives a current Graph access token (cached until shortly before it expires). */
export type GraphTokenSource = () => Promise<string>;

/** Raised when Microsoft Entra refuses the app's credentials: a setup problem, not worth retrying. */
export class GraphTokenError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
	) {
		super(
			`Microsoft Entra refused the Graph token request (${status} ${code})`,
		);
		this.name = "GraphTokenError";
	}
}

const tokenSchema = z.object({
	access_token: z.string().min(1),
	expires_in: z.coerce.number().positive(),
});

/**
 * The app's own Graph token by the OAuth 2.0 client credentials grant (`{loginUrl}{tenant}/oauth2/v2.0/token`,
 * scope `https://graph.microsoft.com/.default`), from the bot's app id and secret. One request at a time; the
 * token is reused until five minutes before it expires. (A plain form post rather than MSAL: MSAL insists on an
 * https authority it can discover, so it cannot be pointed at the local fake that the tests and demo use.)
 */
export function clientCredentialsToken(opts: {
	loginUrl: string;
	tenantId: string;
	clientId: string;
	clientSecret: string;
	fetch?: typeof fetch;
}): GraphTokenSource {
	const doFetch = opts.fetch ?? fetch;
	const url = new URL(
		`${encodeURIComponent(opts.tenantId)}/oauth2/v2.0/token`,
		opts.loginUrl,
	);
	let cached: { token: string; until: number } | null = null;
	let inFlight: Promise<string> | null = null;
	const fetchToken = async (): Promise<string> => {
		const res = await doFetch(url, {
			method: "POST",
			headers: { "content-type": "application/x-www-form-urlencoded" },
			body: new URLSearchParams({
				grant_type: "client_credentials",
				client_id: opts.clientId,
				client_secret: opts.clientSecret,
				scope: "https://graph.microsoft.com/.default",
			}),
			signal: AbortSignal.timeout(15_000),
		});
		const json: unknown = await res.json().catch(() => null);
		if (!res.ok) {
			const code = (json as { error?: unknown } | null)?.error;
			throw new GraphTokenError(
				res.status,
				typeof code === "string" ? code : "unknown",
			);
		}
		const parsed = tokenSchema.safeParse(json);
		if (!parsed.success)
			throw new GraphTokenError(res.status, "malformed_token_response");
		cached = {
			token: parsed.data.access_token,
			until: Date.now() + Math.max(0, parsed.data.expires_in - 300) * 1000,
		};
		return cached.token;
	};
	return async () => {
		if (cached && Date.now() < cached.until) return cached.token;
		inFlight ??= fetchToken().finally(() => {
			inFlight = null;
		});
		return inFlight;
	};
}
