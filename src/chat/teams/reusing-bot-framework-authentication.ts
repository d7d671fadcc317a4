import type { Activity } from "botbuilder";
import {
	type AuthenticateRequestResult,
	BotFrameworkAuthentication,
	type BotFrameworkClient,
	type ClaimsIdentity,
	type ConnectorClient,
	ConnectorFactory,
	JwtTokenValidation,
	type UserTokenClient,
} from "botframework-connector";

/** How long a validated token is trusted at most, even when it is valid for longer. */
const maxTrustMs = 5 * 60_000;
/** Validated tokens remembered at most (the Bot Connector reuses one token for many activities). */
const maxTokens = 1000;

type Validated = { until: number; result: AuthenticateRequestResult };

/** One ConnectorClient per app, Bot Connector URL and audience, for the turns' replies. */
class ReusedConnectorFactory extends ConnectorFactory {
	constructor(
		private readonly appId: string,
		private readonly inner: ConnectorFactory,
		private readonly clients: Map<string, Promise<ConnectorClient>>,
	) {
		super();
	}

	override create(
		serviceUrl: string,
		audience?: string,
	): Promise<ConnectorClient> {
		const key = `${this.appId}\n${serviceUrl}\n${audience ?? ""}`;
		let client = this.clients.get(key);
		if (!client) {
			if (this.clients.size >= 100) this.clients.clear();
			client = this.inner.create(serviceUrl, audience);
			this.clients.set(key, client);
			const made = client;
			made.catch(() => {
				if (this.clients.get(key) === made) this.clients.delete(key);
			});
		}
		return client;
	}
}

/**
 * botbuilder's CloudAdapter builds, for every inbound activity, a token validation, a ConnectorClient (an Azure
 * HTTP pipeline with its credentials) and a UserTokenClient, although none of them differ from one activity to
 * the next: at a census's peak that was most of an answer's CPU. This wraps the real authentication and reuses
 * what it made:
 * - a token that validated for this channel and `serviceUrl` is trusted again until it expires (at most 5
 *   minutes), as the Bot Connector sends the same token for many activities; activities arriving while it is
 *   being validated share that validation and its outcome; a failure is never remembered once it is known, and
 *   any other token, channel or URL is validated in full;
 * - the turns' ConnectorClients and UserTokenClients are made once per app (and URL and audience).
 * Proactive connector factories (deliveries, report posts) are handed out as they are: those callers keep their
 * own clients and strip the SDK's retries from them.
 */
export class ReusingBotFrameworkAuthentication extends BotFrameworkAuthentication {
	private readonly validated = new Map<string, Validated>();
	/** Validations under way, by the same key as `validated`. */
	private readonly validating = new Map<
		string,
		Promise<AuthenticateRequestResult>
	>();
	private readonly turnClients = new Map<string, Promise<ConnectorClient>>();
	private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

	constructor(
		private readonly inner: BotFrameworkAuthentication,
		private readonly now: () => number = () => Date.now(),
	) {
		super();
	}

	override authenticateRequest(
		activity: Activity,
		authHeader: string,
	): Promise<AuthenticateRequestResult> {
		const key = `${activity.channelId}\n${activity.serviceUrl}\n${authHeader}`;
		const hit = this.validated.get(key);
		if (hit && this.now() < hit.until) return Promise.resolve(hit.result);
		if (hit) this.validated.delete(key);
		// Activities with the same token arriving while it is being validated wait for that one validation: at a
		// burst's start (or after a restart) each would otherwise validate it, and fetch the signing keys, again.
		const running = this.validating.get(key);
		if (running) return running;
		const validation = this.validate(activity, authHeader, key).finally(() => {
			this.validating.delete(key);
		});
		this.validating.set(key, validation);
		return validation;
	}

	private async validate(
		activity: Activity,
		authHeader: string,
		key: string,
	): Promise<AuthenticateRequestResult> {
		const result = await this.inner.authenticateRequest(activity, authHeader);
		const reused: AuthenticateRequestResult = {
			...result,
			...(result.connectorFactory
				? {
						connectorFactory: new ReusedConnectorFactory(
							appIdOf(result.claimsIdentity),
							result.connectorFactory,
							this.turnClients,
						),
					}
				: {}),
		};
		const expires =
			Number(result.claimsIdentity.getClaimValue("exp") ?? Number.NaN) * 1000;
		if (authHeader && Number.isFinite(expires)) {
			if (this.validated.size >= maxTokens) this.validated.clear();
			this.validated.set(key, {
				until: Math.min(expires, this.now() + maxTrustMs),
				result: reused,
			});
		}
		return reused;
	}

	override authenticateStreamingRequest(
		authHeader: string,
		channelIdHeader: string,
	): Promise<AuthenticateRequestResult> {
		return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
	}

	override createConnectorFactory(
		claimsIdentity: ClaimsIdentity,
	): ConnectorFactory {
		return this.inner.createConnectorFactory(claimsIdentity);
	}

	override createUserTokenClient(
		claimsIdentity: ClaimsIdentity,
	): Promise<UserTokenClient> {
		const key = appIdOf(claimsIdentity);
		let client = this.tokenClients.get(key);
		if (!client) {
			client = this.inner.createUserTokenClient(claimsIdentity);
			this.tokenClients.set(key, client);
			const made = client;
			made.catch(() => {
				if (this.tokenClients.get(key) === made) this.tokenClients.delete(key);
			});
		}
		return client;
	}

	override createBotFrameworkClient(): BotFrameworkClient {
		return this.inner.createBotFrameworkClient();
	}

	override getOriginatingAudience(): string {
		return this.inner.getOriginatingAudience();
	}

	override authenticateChannelRequest(
		authHeader: string,
	): Promise<ClaimsIdentity> {
		return this.inner.authenticateChannelRequest(authHeader);
	}
}

function appIdOf(identity: ClaimsIdentity): string {
	return JwtTokenValidation.getAppIdFromClaims(identity.claims) ?? "";
}
