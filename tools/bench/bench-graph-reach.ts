import { randomBytes, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import {
	createTeamsGraphReach,
	graphInstallsInFlight,
} from "../../src/chat/teams/teams-graph-reach.js";
import type { FakeGraphUser } from "../../test/fakes/fake-graph-types.js";
import { FakeMicrosoftGraph } from "../../test/fakes/fake-microsoft-graph.js";

/** What bench g measured. */
export type GraphReachFigures = {
	seconds: number;
	resolveSeconds: number;
	installSeconds: number;
	/** People resolved and settled (installed, or found not installable) per second. */
	perSecond: number;
	found: number;
	installed: number;
	notInstallable: number;
	installedTwice: number;
	rateLimited: number;
	directoryCallsPerSecond: number;
	teamsCallsPerSecond: number;
	percentOfDirectoryLimit: number;
	percentOfTeamsLimit: number;
};

/**
 * Bench g: resolves `size` Teams people by email and installs the app for them through the real Graph client,
 * directory and installer (paced through Redis) against the fake Graph, which enforces Graph's documented limits:
 * 30 Teams calls per second per app per tenant and 8,000 directory units per 10 s (429 + Retry-After beyond).
 * The app is configured at those limits; the figure that matters is the share of each limit used. A tenth of the
 * people have the app already, one in fifty is blocked by policy; 2% of emails are unknown.
 */
export async function benchGraphReach(opts: {
	redisUrl: string;
	size: number;
	/** Installations in flight at once (default: as many as the Teams worker runs with Graph). */
	concurrency?: number;
}): Promise<GraphReachFigures> {
	const app = {
		tenantId: randomUUID(),
		clientId: randomUUID(),
		clientSecret: randomBytes(16).toString("hex"),
		catalogAppId: randomUUID(),
	};
	const people: FakeGraphUser[] = Array.from({ length: opts.size }, (_, i) => ({
		id: randomUUID(),
		mail: `person${i}@bench.example.org`,
		userPrincipalName: `person${i}@bench.example.org`,
		accountEnabled: true,
		hasApp: i % 10 === 0,
		blocksApp: i % 50 === 7,
	}));
	const graph = await FakeMicrosoftGraph.start({
		...app,
		users: people.filter((_, i) => i % 50 !== 13),
	});
	const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
	const prefix = `census-bench-${randomBytes(4).toString("hex")}`;
	try {
		const reach = createTeamsGraphReach(
			{
				...app,
				apiUrl: graph.apiUrl,
				loginUrl: graph.loginUrl,
				teamsPerSecond: graph.limits.teams,
				directoryPerSecond: graph.limits.directory,
			},
			{ redis, redisPrefix: prefix },
		);
		const t0 = performance.now();
		const results = await reach.directory.resolve(
			people.map((p) => p.mail as string),
		);
		const t1 = performance.now();
		const ids = results.flatMap((r) =>
			r.outcome.kind === "found" ? [r.outcome.userId] : [],
		);
		let next = 0;
		let installed = 0;
		let notInstallable = 0;
		const run = async () => {
			for (let id = ids[next++]; id; id = ids[next++]) {
				const o = await reach.installer.personalChat(id);
				if (o.kind === "chat") installed++;
				else notInstallable++;
			}
		};
		await Promise.all(
			Array.from({ length: opts.concurrency ?? graphInstallsInFlight }, run),
		);
		const t2 = performance.now();
		const resolveSeconds = (t1 - t0) / 1000;
		const installSeconds = (t2 - t1) / 1000;
		const answered = (limit: "teams" | "directory", from: number, to: number) =>
			graph.calls.filter(
				(c) =>
					c.limit === limit &&
					c.status !== 429 &&
					c.at >= performance.timeOrigin + from &&
					c.at <= performance.timeOrigin + to,
			).length;
		const directoryRate = answered("directory", t0, t1) / resolveSeconds;
		const teamsRate = answered("teams", t1, t2) / installSeconds;
		return {
			seconds: +((t2 - t0) / 1000).toFixed(1),
			resolveSeconds: +resolveSeconds.toFixed(1),
			installSeconds: +installSeconds.toFixed(1),
			perSecond: +(opts.size / ((t2 - t0) / 1000)).toFixed(1),
			found: ids.length,
			installed,
			notInstallable,
			installedTwice: [...graph.tenant.installs.values()].filter((n) => n > 1)
				.length,
			rateLimited: graph.calls.filter((c) => c.status === 429).length,
			directoryCallsPerSecond: +directoryRate.toFixed(1),
			teamsCallsPerSecond: +teamsRate.toFixed(1),
			percentOfDirectoryLimit: +(
				(100 * directoryRate) /
				graph.limits.directory
			).toFixed(1),
			percentOfTeamsLimit: +((100 * teamsRate) / graph.limits.teams).toFixed(1),
		};
	} finally {
		const keys = await redis.keys(`${prefix}:*`);
		if (keys.length > 0) await redis.del(...keys);
		redis.disconnect();
		await graph.close();
	}
}
