import { randomBytes } from "node:crypto";
import type { Config } from "../../src/config.js";
import { generateOrganisation } from "../../src/demo/synthetic-organisation.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { createLogger } from "../../src/logger.js";
import { startCensus } from "../../src/start-census.js";
import {
	type PrismaClient,
	pgPoolOf,
} from "../../src/storage/prisma-client.js";
import { dropRedisPrefix } from "./drop-redis-prefix.js";
import { FakeSlackProcess } from "./fake-slack-process.js";
import { seedEmployees } from "./seed-employees.js";

/** What one fan-out run measured. */
export type FanOut = {
	invitations: number;
	seconds: number;
	perSecond: number;
	/** Refused with 429 by the fake workspace. */
	rateLimited: number;
	/** People who got more than one invitation. */
	duplicates: number;
	/** People who got none. */
	lost: number;
	/** Deliveries that ended `unknown` (an ambiguous failure, never resent on its own). */
	unknown: number;
	/**
	 * CPU time per invitation, in microseconds: of this process (the app's worker) and of the fake workspace's.
	 * Unlike the rate, it hardly moves when other work shares the machine, so it compares runs fairly.
	 */
	appCpuUsPerInvitation: number;
	fakeCpuUsPerInvitation: number;
};

const unfinished = async (db: PrismaClient) =>
	(
		await db.$queryRawUnsafe<{ n: number }[]>(
			"select count(*)::int as n from delivery where state in ('queued', 'sending')",
		)
	)[0]?.n ?? 0;

const countState = async (db: PrismaClient, state: string) =>
	(
		await db.$queryRawUnsafe<{ n: number }[]>(
			"select count(*)::int as n from delivery where state = $1",
			state,
		)
	)[0]?.n ?? 0;

/**
 * Bench a/b of the campaign-engine issue: invites `size` people through the real worker (BullMQ, Redis,
 * PostgreSQL, WebClient) against a fake Slack that allows `workspaceLimit` messages per second (429 with
 * Retry-After beyond it), or no limit. Times from queueing to the last delivery.
 */
export async function benchFanOut(opts: {
	base: Config;
	databaseUrl: string;
	size: number;
	/** The fake workspace's limit; undefined for none. */
	workspaceLimit: number | undefined;
	/** The app's own send limit (SLACK_MESSAGES_PER_SECOND). */
	appLimit: number;
}): Promise<FanOut> {
	const botToken = "xoxb-bench";
	const fake = await FakeSlackProcess.start({
		botToken,
		...(opts.workspaceLimit ? { rateLimitPerSecond: opts.workspaceLimit } : {}),
	});
	const custody = ephemeralCustody();
	const runtime = await startCensus(
		{
			...opts.base,
			port: 0,
			databaseUrl: opts.databaseUrl,
			slack: {
				botToken,
				signingSecret: randomBytes(16).toString("hex"),
				appToken: undefined,
				apiUrl: fake.apiUrl,
				messagesPerSecond: opts.appLimit,
			},
			teams: undefined,
			admins: [],
			// The tally role registers the key new campaigns are sealed to: without one, start refuses.
			sealingSecret: custody.sealingSecret,
			tallyKey: { inline: custody.tallyKeyText },
		},
		{
			roles: ["worker", "tally"],
			host: "127.0.0.1",
			redisPrefix: `census-bench-${randomBytes(4).toString("hex")}`,
			// Warnings are per failed delivery only; they go to stderr, apart from the figures.
			logger: createLogger("warn", process.stderr),
			settings: { ...opts.base.privacy, workingHours: "00:00-24:00,mon-sun" },
		},
	);
	try {
		const people = generateOrganisation(opts.size, 5);
		await seedEmployees(pgPoolOf(runtime.prisma), people);
		const started = await runtime.service.start(
			{
				name: "Fan-out bench",
				closesOn: "2099-01-01",
				channel: "#bench",
				targetRate: 70,
				questions: ["key"],
			},
			"bench",
		);
		if (!started.ok)
			throw new Error(`the bench campaign did not start: ${started.reason}`);
		const t0 = performance.now();
		const cpu0 = process.cpuUsage();
		const fakeCpu0 = (await fake.tally()).cpuMs;
		await runtime.dispatcher.pump();
		// Done when everyone has a DM, or when nothing is left to send (some deliveries ended unknown or failed).
		const deadline = Date.now() + Math.max(120_000, (opts.size / 2) * 1000);
		let polls = 0;
		while (
			(await fake.tally()).delivered < opts.size &&
			Date.now() < deadline
		) {
			if (++polls % 20 === 0 && (await unfinished(runtime.prisma)) === 0) break;
			await new Promise((r) => setTimeout(r, 100));
		}
		const seconds = (performance.now() - t0) / 1000;
		const cpu = process.cpuUsage(cpu0);
		const tally = await fake.tally(true);
		const per = tally.perChannel ?? {};
		return {
			invitations: opts.size,
			seconds: +seconds.toFixed(3),
			perSecond: Math.round(tally.delivered / seconds),
			rateLimited: tally.rateLimited,
			duplicates: Object.values(per).filter((n) => n > 1).length,
			lost: people.filter((p) => !per[p.slackUserId]).length,
			unknown: await countState(runtime.prisma, "unknown"),
			appCpuUsPerInvitation: Math.round((cpu.user + cpu.system) / opts.size),
			fakeCpuUsPerInvitation: Math.round(
				((tally.cpuMs - fakeCpu0) * 1000) / opts.size,
			),
		};
	} finally {
		// Stopped first: its workers finish the jobs they hold before the queue's keys go.
		await runtime.stop();
		await dropRedisPrefix(runtime.redisUrl, runtime.redisPrefix);
		await fake.close();
	}
}
