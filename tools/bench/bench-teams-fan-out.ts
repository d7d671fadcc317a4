import { randomBytes } from "node:crypto";
import type { Config } from "../../src/config.js";
import { generateOrganisation } from "../../src/demo/synthetic-organisation.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { createLogger } from "../../src/logger.js";
import {
	FakeBotConnector,
	personalConversationId,
} from "../../src/sim/fake-bot-connector.js";
import { startCensus } from "../../src/start-census.js";
import { pgPoolOf } from "../../src/storage/prisma-client.js";

/** What one Teams fan-out run measured. */
import { dropRedisPrefix } from "./drop-redis-prefix.js";
import { seedEmployees } from "./seed-employees.js";
export type TeamsFanOut = {
	invitations: number;
	seconds: number;
	perSecond: number;
	/** Refused with 429 by the fake tenant. */
	rateLimited: number;
	duplicates: number;
	lost: number;
	unknown: number;
	/** 1:1 conversations the bot created (none had been captured). */
	conversationsCreated: number;
	/** Accepted calls (conversations created and cards sent) per second: what the tenant's limit counts. */
	callsPerSecond: number;
	/** `callsPerSecond` as a share of the tenant's limit, in percent. */
	percentOfTenantLimit: number;
};

/**
 * Bench e: invites `size` people who are on Teams only, through the real Teams worker (BullMQ, Redis, PostgreSQL,
 * botbuilder's ConnectorClient without its retries) against the fake Bot Connector, which allows `tenantLimit`
 * calls in any rolling second (429 with Retry-After beyond it). Each invitation is two calls: the conversation is
 * created, then the card sent; the app paces sends at `appLimit`. The fake runs in this process.
 */
export async function benchTeamsFanOut(opts: {
	base: Config;
	databaseUrl: string;
	size: number;
	tenantLimit: number;
	appLimit: number;
}): Promise<TeamsFanOut> {
	const token = "bench-outbound";
	const connector = await FakeBotConnector.start({
		acceptToken: token,
		rateLimitPerSecond: opts.tenantLimit,
	});
	const appId = "00000000-0000-4000-8000-00000000be7c";
	const custody = ephemeralCustody();
	const runtime = await startCensus(
		{
			...opts.base,
			port: 0,
			databaseUrl: opts.databaseUrl,
			slack: undefined,
			teams: {
				mode: "authenticated",
				appId,
				appPassword: "unused",
				tenantId: "00000000-0000-4000-8000-0000000070be",
				openIdMetadataUrl: connector.openIdMetadataUrl,
				serviceUrl: connector.serviceUrl,
				messagesPerSecond: opts.appLimit,
			},
			admins: [],
			// The tally role registers the key new campaigns are sealed to: without one, start refuses.
			sealingSecret: custody.sealingSecret,
			tallyKey: { inline: custody.tallyKeyText },
		},
		{
			roles: ["worker", "tally"],
			host: "127.0.0.1",
			redisPrefix: `census-bench-${randomBytes(4).toString("hex")}`,
			logger: createLogger("warn", process.stderr),
			settings: { ...opts.base.privacy, workingHours: "00:00-24:00,mon-sun" },
			teamsOutboundToken: async () => token,
		},
	);
	try {
		const people = generateOrganisation(opts.size, 5, "teams");
		await seedEmployees(pgPoolOf(runtime.prisma), people, "teams");
		const started = await runtime.service.start(
			{
				name: "Teams fan-out bench",
				closesOn: "2099-01-01",
				channel: "19:bench@thread.tacv2",
				targetRate: 70,
				questions: ["key"],
			},
			"bench",
		);
		if (!started.ok)
			throw new Error(`the bench campaign did not start: ${started.reason}`);
		const t0 = performance.now();
		await runtime.dispatcher.pump();
		const deadline =
			Date.now() + Math.max(120_000, (opts.size / opts.appLimit) * 3000);
		const unfinished = async () =>
			(
				await runtime.prisma.$queryRawUnsafe<{ n: number }[]>(
					"select count(*)::int as n from delivery where state in ('queued', 'sending')",
				)
			)[0]?.n ?? 0;
		let polls = 0;
		while (
			connector.delivered("send").length < opts.size &&
			Date.now() < deadline
		) {
			if (++polls % 20 === 0 && (await unfinished()) === 0) break;
			await new Promise((r) => setTimeout(r, 100));
		}
		const seconds = (performance.now() - t0) / 1000;
		const calls =
			connector.delivered("send").length +
			connector.delivered("create-conversation").length;
		const per = new Map<string, number>();
		for (const c of connector.delivered("send"))
			per.set(
				c.conversationId ?? "",
				(per.get(c.conversationId ?? "") ?? 0) + 1,
			);
		const unknown =
			(
				await runtime.prisma.$queryRawUnsafe<{ n: number }[]>(
					"select count(*)::int as n from delivery where state = 'unknown'",
				)
			)[0]?.n ?? 0;
		return {
			invitations: opts.size,
			seconds: +seconds.toFixed(3),
			perSecond: Math.round(connector.delivered("send").length / seconds),
			rateLimited: connector.calls.filter((c) => c.status === 429).length,
			duplicates: [...per.values()].filter((n) => n > 1).length,
			lost: people.filter(
				(p) => !per.has(personalConversationId(p.teamsUserId)),
			).length,
			unknown,
			conversationsCreated: connector.delivered("create-conversation").length,
			callsPerSecond: +(calls / seconds).toFixed(1),
			percentOfTenantLimit: +(
				(100 * calls) /
				seconds /
				opts.tenantLimit
			).toFixed(1),
		};
	} finally {
		// Stopped first: its workers finish the jobs they hold before the queue's keys go.
		await runtime.stop();
		await dropRedisPrefix(runtime.redisUrl, runtime.redisPrefix);
		await connector.close();
	}
}
