import type { Activity } from "botbuilder";
import {
	type AuthenticateRequestResult,
	BotFrameworkAuthentication,
	type BotFrameworkClient,
	ClaimsIdentity,
	type ConnectorClient,
	ConnectorFactory,
	type UserTokenClient,
} from "botframework-connector";
import { describe, expect, it } from "vitest";
import { ReusingBotFrameworkAuthentication } from "../../../src/chat/teams/reusing-bot-framework-authentication.js";

const appId = "00000000-0000-4000-8000-00000000abcd";

/** A stand-in for botbuilder's authentication that counts what it is asked to build. */
class CountingAuthentication extends BotFrameworkAuthentication {
	validations = 0;
	connectors = 0;
	tokenClients = 0;
	/** Tokens this "validation" accepts, with their expiry (seconds since the epoch). */
	readonly valid = new Map<string, number>();

	override async authenticateRequest(
		_activity: Activity,
		authHeader: string,
	): Promise<AuthenticateRequestResult> {
		this.validations++;
		const exp = this.valid.get(authHeader);
		if (exp === undefined) throw new Error("token rejected");
		const counter = this;
		return {
			audience: "https://api.botframework.com",
			claimsIdentity: new ClaimsIdentity(
				[
					{ type: "aud", value: appId },
					{ type: "exp", value: String(exp) },
				],
				true,
			),
			connectorFactory: new (class extends ConnectorFactory {
				override async create(): Promise<ConnectorClient> {
					counter.connectors++;
					return {} as ConnectorClient;
				}
			})(),
		};
	}
	override authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
		throw new Error("not used");
	}
	override createConnectorFactory(): ConnectorFactory {
		throw new Error("not used");
	}
	override async createUserTokenClient(): Promise<UserTokenClient> {
		this.tokenClients++;
		return {} as UserTokenClient;
	}
	override createBotFrameworkClient(): BotFrameworkClient {
		throw new Error("not used");
	}
}

const activity = (serviceUrl: string) =>
	({ channelId: "msteams", serviceUrl }) as Activity;

describe("reusing botbuilder's per-activity authentication work", () => {
	it("validates a token once per channel and serviceUrl until it expires, and never remembers a failure", async () => {
		let now = 1_000_000_000_000;
		const inner = new CountingAuthentication();
		inner.valid.set("Bearer good", now / 1000 + 60);
		const auth = new ReusingBotFrameworkAuthentication(inner, () => now);
		const url = "https://smba.example/teams/";
		for (let i = 0; i < 5; i++)
			await auth.authenticateRequest(activity(url), "Bearer good");
		expect(inner.validations).toBe(1);
		await auth.authenticateRequest(
			activity("https://other.example/"),
			"Bearer good",
		);
		expect(inner.validations).toBe(2);
		await expect(
			auth.authenticateRequest(activity(url), "Bearer bad"),
		).rejects.toThrow();
		await expect(
			auth.authenticateRequest(activity(url), "Bearer bad"),
		).rejects.toThrow();
		expect(inner.validations).toBe(4);
		// At the token's expiry it is validated in full again (and here rejected, as its lifetime is over).
		now += 60_000;
		inner.valid.delete("Bearer good");
		await expect(
			auth.authenticateRequest(activity(url), "Bearer good"),
		).rejects.toThrow();
		expect(inner.validations).toBe(5);
	});

	it("validates a token once for activities that arrive while it is being validated, failure included", async () => {
		const now = 3_000_000_000_000;
		const inner = new CountingAuthentication();
		inner.valid.set("Bearer burst", now / 1000 + 60);
		const auth = new ReusingBotFrameworkAuthentication(inner, () => now);
		const url = "https://smba.example/teams/";
		const results = await Promise.all(
			Array.from({ length: 20 }, () =>
				auth.authenticateRequest(activity(url), "Bearer burst"),
			),
		);
		expect(inner.validations).toBe(1);
		expect(new Set(results).size).toBe(1);
		const refused = await Promise.allSettled(
			Array.from({ length: 5 }, () =>
				auth.authenticateRequest(activity(url), "Bearer forged"),
			),
		);
		expect(refused.map((r) => r.status)).toEqual(Array(5).fill("rejected"));
		expect(inner.validations).toBe(2);
		// Once known, the failure is not remembered: the next activity with that token is validated again.
		await expect(
			auth.authenticateRequest(activity(url), "Bearer forged"),
		).rejects.toThrow();
		expect(inner.validations).toBe(3);
	});

	it("trusts a long-lived token for 5 minutes at most", async () => {
		let now = 2_000_000_000_000;
		const inner = new CountingAuthentication();
		inner.valid.set("Bearer long", now / 1000 + 3600);
		const auth = new ReusingBotFrameworkAuthentication(inner, () => now);
		await auth.authenticateRequest(activity("https://a/"), "Bearer long");
		now += 299_000;
		await auth.authenticateRequest(activity("https://a/"), "Bearer long");
		expect(inner.validations).toBe(1);
		now += 2_000;
		await auth.authenticateRequest(activity("https://a/"), "Bearer long");
		expect(inner.validations).toBe(2);
	});

	it("makes one ConnectorClient per serviceUrl and one UserTokenClient for the turns", async () => {
		const now = 3_000_000_000_000;
		const inner = new CountingAuthentication();
		inner.valid.set("Bearer a", now / 1000 + 60);
		inner.valid.set("Bearer b", now / 1000 + 60);
		const auth = new ReusingBotFrameworkAuthentication(inner, () => now);
		for (const token of ["Bearer a", "Bearer b", "Bearer a"]) {
			const r = await auth.authenticateRequest(activity("https://a/"), token);
			await r.connectorFactory?.create("https://a/", r.audience);
			await auth.createUserTokenClient(r.claimsIdentity);
		}
		const r = await auth.authenticateRequest(
			activity("https://b/"),
			"Bearer a",
		);
		await r.connectorFactory?.create("https://b/", r.audience);
		expect(inner.connectors).toBe(2);
		expect(inner.tokenClients).toBe(1);
	});
});
