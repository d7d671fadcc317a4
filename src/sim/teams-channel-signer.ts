import {
	generateKeyPairSync,
	type KeyObject,
	randomBytes,
	sign,
} from "node:crypto";

/** The issuer of tokens the Bot Connector Service sends to bots (Microsoft's public cloud). */
export const botConnectorIssuer = "https://api.botframework.com";

/** One key of a JSON Web Key Set as the Bot Framework publishes it (RSA, with channel endorsements). */
export type ChannelJwk = {
	kty: "RSA";
	use: "sig";
	kid: string;
	n: string;
	e: string;
	endorsements: string[];
};

/** What a channel token says; each part can be changed to forge a bad one. */
export type ChannelTokenOptions = {
	/** The bot's app id: the token's audience. */
	appId: string;
	/** The activity's serviceUrl, which the token vouches for. */
	serviceUrl: string;
	issuer?: string;
	/** Overrides the audience (default: appId). */
	audience?: string;
	/** Seconds until expiry (default 3600); negative for an expired token. */
	expiresInSeconds?: number;
	/** Sign with an unrelated key under the same key id: the signature does not verify. */
	forgeSignature?: boolean;
};

const base64url = (data: Buffer | string) =>
	Buffer.from(data).toString("base64url");

/**
 * Plays the Bot Connector Service's token signer: a locally generated RSA key, published as a JWKS with a
 * `msteams` endorsement, that signs RS256 channel tokens for `Authorization: Bearer …`.
 */
export class TeamsChannelSigner {
	readonly keyId = `test-${randomBytes(6).toString("hex")}`;
	private readonly privateKey: KeyObject;
	private readonly otherKey: KeyObject;
	private readonly jwk: ChannelJwk;

	constructor() {
		const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
		this.privateKey = pair.privateKey;
		this.otherKey = generateKeyPairSync("rsa", {
			modulusLength: 2048,
		}).privateKey;
		const pub = pair.publicKey.export({ format: "jwk" });
		this.jwk = {
			kty: "RSA",
			use: "sig",
			kid: this.keyId,
			n: String(pub.n),
			e: String(pub.e),
			endorsements: ["msteams"],
		};
	}

	/** The key set to serve at the OpenID metadata's `jwks_uri`. */
	jwks(): { keys: ChannelJwk[] } {
		return { keys: [this.jwk] };
	}

	/** A compact RS256 JWT over `payload` with this signer's key id. */
	sign(payload: Record<string, unknown>, key = this.privateKey): string {
		const header = base64url(
			JSON.stringify({ alg: "RS256", typ: "JWT", kid: this.keyId }),
		);
		const body = base64url(JSON.stringify(payload));
		const signature = sign("RSA-SHA256", Buffer.from(`${header}.${body}`), key);
		return `${header}.${body}.${base64url(signature)}`;
	}

	/** A channel token as the Bot Connector sends it, or a forged variant of one. */
	channelToken(opts: ChannelTokenOptions): string {
		const now = Math.floor(Date.now() / 1000);
		const exp = now + (opts.expiresInSeconds ?? 3600);
		return this.sign(
			{
				serviceurl: opts.serviceUrl,
				nbf: Math.min(now, exp) - 300,
				exp,
				iss: opts.issuer ?? botConnectorIssuer,
				aud: opts.audience ?? opts.appId,
			},
			opts.forgeSignature ? this.otherKey : this.privateKey,
		);
	}
}
