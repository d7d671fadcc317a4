import { CallerIdConstants } from "botbuilder";
import {
	AuthenticationConstants,
	type BotFrameworkAuthentication,
	BotFrameworkAuthenticationFactory,
	PasswordServiceClientCredentialFactory,
	type ServiceClientCredentials,
	TokenCredentials,
} from "botframework-connector";
import type { TeamsConfig } from "../../config.js";
import { ReusingBotFrameworkAuthentication } from "./reusing-bot-framework-authentication.js";

/** Supplies the bearer token for calls to the Bot Connector, instead of asking Microsoft Entra for one. */
export type OutboundTokenProvider = () => Promise<string>;

/** The app password's credentials, except that outbound tokens come from the provider (tests, the demo). */
class ProvidedTokenCredentialsFactory extends PasswordServiceClientCredentialFactory {
	constructor(
		appId: string,
		password: string,
		tenantId: string,
		private readonly token: OutboundTokenProvider,
	) {
		super(appId, password, tenantId);
	}

	override async createCredentials(
		appId: string,
	): Promise<ServiceClientCredentials> {
		if (!(await this.isValidAppId(appId))) throw new Error("Invalid appId.");
		return {
			signRequest: async (request) =>
				new TokenCredentials(await this.token()).signRequest(request),
		};
	}
}

/**
 * Bot Framework authentication for the endpoint. Authenticated mode validates every inbound JWT (issuer
 * `https://api.botframework.com`, audience = the app id, signature against the OpenID metadata's keys) and
 * gets outbound tokens for the single tenant; local mode has no app id, so botbuilder skips both.
 * Every parameter is passed explicitly: botbuilder treats any one override as "all parameters are intentional".
 * What botbuilder would rebuild for every activity is reused (reusing-bot-framework-authentication.ts).
 */
export function createTeamsAuthentication(
	config: TeamsConfig,
	outboundToken?: OutboundTokenProvider,
): BotFrameworkAuthentication {
	const credentials =
		config.mode === "local"
			? new PasswordServiceClientCredentialFactory("", "")
			: outboundToken
				? new ProvidedTokenCredentialsFactory(
						config.appId,
						config.appPassword,
						config.tenantId,
						outboundToken,
					)
				: new PasswordServiceClientCredentialFactory(
						config.appId,
						config.appPassword,
						config.tenantId,
					);
	const metadataUrl =
		(config.mode === "authenticated" ? config.openIdMetadataUrl : undefined) ??
		AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;
	return new ReusingBotFrameworkAuthentication(
		BotFrameworkAuthenticationFactory.create(
			"",
			true,
			AuthenticationConstants.ToChannelFromBotLoginUrl,
			AuthenticationConstants.ToChannelFromBotOAuthScope,
			AuthenticationConstants.ToBotFromChannelTokenIssuer,
			AuthenticationConstants.OAuthUrl,
			metadataUrl,
			AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
			CallerIdConstants.PublicAzureChannel,
			credentials,
			{ requiredEndorsements: [] },
		),
	);
}
