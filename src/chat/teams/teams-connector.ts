import {
	AuthenticationConstants,
	type BotFrameworkAuthentication,
	ClaimsIdentity,
	type ConnectorClient,
} from "botframework-connector";

/** The pipeline inside botbuilder-stdlib's ServiceClientContext (a private field in its typings). */
type WithPipeline = {
	client?: {
		pipeline?: { removePolicy(p: { name: string }): unknown[] };
	};
};

/**
 * Removes @azure/core-rest-pipeline's `defaultRetryPolicy` from a ConnectorClient. botbuilder 4.23's
 * ConnectorClient (botbuilder-stdlib `ServiceClientContext` → `@azure/core-client` `ServiceClient`) builds its
 * pipeline with that policy, which resends on 429 (with Retry-After), 408, 5xx other than 501/505, and on
 * ECONNRESET/ETIMEDOUT — up to 3 times, behind the outbox's back. `ServiceClientContext` passes no
 * `retryOptions` through, so the policy is removed by name. Throws when it is not found (a botbuilder upgrade
 * moved it): sending with hidden retries is worse than not starting.
 */
export function withoutRetries(connector: ConnectorClient): ConnectorClient {
	const pipeline = (connector as unknown as WithPipeline).client?.pipeline;
	const removed = pipeline?.removePolicy({ name: "defaultRetryPolicy" });
	if (!removed || removed.length === 0)
		throw new Error(
			"botbuilder ConnectorClient: retry policy not found; refusing to send with SDK retries",
		);
	return connector;
}

/** Makes retry-free ConnectorClients for one bot, one per Bot Connector base URL (cached). */
export function createTeamsConnectors(
	auth: BotFrameworkAuthentication,
	appId: string,
): (serviceUrl: string) => Promise<ConnectorClient> {
	const identity = new ClaimsIdentity([
		{ type: AuthenticationConstants.AudienceClaim, value: appId },
		{ type: AuthenticationConstants.AppIdClaim, value: appId },
	]);
	const factory = auth.createConnectorFactory(identity);
	const clients = new Map<string, Promise<ConnectorClient>>();
	return (serviceUrl) => {
		let c = clients.get(serviceUrl);
		if (!c) {
			c = factory.create(serviceUrl).then(withoutRetries);
			clients.set(serviceUrl, c);
			c.catch(() => clients.delete(serviceUrl));
		}
		return c;
	};
}
