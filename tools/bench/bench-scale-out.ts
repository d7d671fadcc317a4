import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import pg from "pg";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { SlackUserSimulator } from "../../src/sim/slack-user-simulator.js";
import { checkpointDatabase } from "./checkpoint-database.js";
import { dropRedisPrefix } from "./drop-redis-prefix.js";
import { fakeSlackApart } from "./fake-slack-apart.js";
import type { FakeSlackProcess } from "./fake-slack-process.js";
import { summariseLatencies } from "./latency-summary.js";
import { rampSchedule } from "./ramp-schedule.js";
import { seedEmployees } from "./seed-employees.js";
import { sendModalAnswers } from "./send-modal-answers.js";

/** What the scale-out case measured. */
export type ScaleOut = {
	invitations: number;
	/** First to last invitation the fake workspace accepted, and the rate over that span. */
	fanOutSeconds: number;
	perSecond: number;
	/** The rate as a share of the workspace's limit. */
	percentOfLimit: number;
	/** People invited more than once, and people neither invited nor marked `unknown`. */
	duplicates: number;
	lost: number;
	/** Deliveries cut off by the SIGKILL mid-send: `unknown`, never resent on their own. */
	unknown: number;
	/** When the first worker was killed (invitations delivered by then). */
	killedAfter: number;
	/** Invitations the surviving worker delivered after the kill. */
	deliveredAfterKill: number;
	/** Invitations a second over the 30 s before the kill and the 30 s after it (the survivor alone). */
	perSecondBeforeKill: number;
	perSecondAfterKill: number;
	/** Invitations accepted in each 5 s from the kill (negative: before it), as [seconds from the kill, count]. */
	timeline: [number, number][];
	/** Sends the fake workspace answered 429 (each pauses the queue for its Retry-After, 1 s). */
	rateLimited: number;
	/**
	 * The Redis keys the Slack delivery queue used, seen at the kill and at the end (`<prefix>`: CENSUS_REDIS_PREFIX;
	 * `<job>`: a job id). The reconciler's lease (`<prefix>:census:reconciler-lease:{census-deliveries}`) exists only
	 * during a pass that finds stuck deliveries, and BullMQ's `:limiter` only during a 429's pause.
	 */
	queueKeys: string[];
	answers: {
		submissions: number;
		perSecond: number;
		ackMs: { p50: number; p95: number; p99: number; max: number };
		/** Answers sent while the rate climbed to it (before `submissions`), and their p99. */
		rampSends: number;
		rampP99Ms: number;
		errors: number;
		recorded: number;
		ballotsStored: number;
		/** Answers each web process took (round robin: about half each). */
		perWebProcess: number[];
	};
};

type App = { role: string; child: ChildProcess; port: number; log(): string };

/**
 * The scale-out case: web ×2, worker ×2 and a tally as five processes of the compiled app on one PostgreSQL and
 * Redis, a round-robin proxy in front of the web pair, and a fake Slack workspace with a 50/s limit. Fans out
 * `size` invitations across both workers, SIGKILLs one worker half-way, and checks that everyone is invited
 * exactly once; then sends answers at `answerRate`/s for `answerSeconds` through the proxy.
 */
export async function benchScaleOut(opts: {
	databaseUrl: string;
	size: number;
	workspaceLimit: number;
	answerRate: number;
	answerSeconds: number;
	/** The answers climb to `answerRate` over this long first (see `rampSchedule`), measured apart. */
	rampSeconds: number;
}): Promise<ScaleOut> {
	const people = generateOrganisation(opts.size + 1, 29);
	const admin = people[0];
	if (!admin) throw new Error("no people");
	const db = new pg.Client({ connectionString: opts.databaseUrl });
	await db.connect();
	// Apart from the proxy and the answers' generator, whose work would bunch the sends it receives.
	const slack = await fakeSlackApart({
		botToken: "xoxb-scale",
		rateLimitPerSecond: opts.workspaceLimit,
	});
	const { workspace, forSimulator: fake } = slack;
	const custody = ephemeralCustody();
	const redisPrefix = `census-scale-${randomBytes(4).toString("hex")}`;
	const redisUrl = "redis://127.0.0.1:6379";
	const redis = new Redis(redisUrl);
	const env = {
		DATABASE_URL: opts.databaseUrl,
		REDIS_URL: redisUrl,
		CENSUS_REDIS_PREFIX: redisPrefix,
		SLACK_BOT_TOKEN: "xoxb-scale",
		SLACK_SIGNING_SECRET: randomBytes(16).toString("hex"),
		SLACK_API_URL: workspace.apiUrl,
		SLACK_MESSAGES_PER_SECOND: String(opts.workspaceLimit),
		CENSUS_SEALING_SECRET: custody.sealingSecret,
		CENSUS_ADMINS: admin.slackUserId,
		CENSUS_WORKING_HOURS: "00:00-24:00,mon-sun",
		PORT: "0",
		LOG_LEVEL: "info",
	};
	const apps: App[] = [];
	const counts = [0, 0];
	let proxy: http.Server | undefined;
	try {
		await seedEmployees(db, people);
		// The tally first: it registers the public key that web processes seal new campaigns to.
		apps.push(
			await startApp("tally", {
				...env,
				CENSUS_TALLY_KEY: custody.tallyKeyText,
			}),
		);
		for (const role of ["web", "web", "worker", "worker"])
			apps.push(await startApp(role, env));
		const webs = apps.filter((a) => a.role === "web");
		const workers = apps.filter((a) => a.role === "worker");
		proxy = await roundRobin(
			webs.map((w) => w.port),
			counts,
		);
		const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
		const sim = new SlackUserSimulator({
			appUrl: proxyUrl,
			signingSecret: env.SLACK_SIGNING_SECRET,
			fake,
		});
		const started = await sim.slashCommand(
			admin.slackUserId,
			"/census",
			"start channel=#bench",
		);
		if (started.status !== 200) throw new Error("/census start failed");
		const campaignId = await until(60_000, async () => {
			const r = await db.query<{ id: string }>(
				"select id::text from campaign where status = 'open'",
			);
			return r.rows[0]?.id;
		});
		const fanOut = await fanOutWithAKill(
			db,
			workspace,
			(user) => fake.dmChannelFor(user),
			people.slice(1),
			workers[0] as App,
			opts,
			() => queueKeys(redis, redisPrefix),
		);
		// Answers through the proxy, each from a different invited person, once the fan-out's writes are on disk
		// (untimed, as between cases: see checkpointDatabase).
		await checkpointDatabase(opts.databaseUrl);
		counts.fill(0);
		const answers = await answersThroughProxy(
			db,
			sim,
			people.slice(1),
			campaignId,
			opts,
		);
		return {
			...fanOut,
			answers: { ...answers, perWebProcess: [...counts] },
		};
	} catch (err) {
		const logs = apps
			.map((a) => `--- ${a.role}\n${a.log().slice(-2000)}`)
			.join("\n");
		throw new Error(`${(err as Error).message}\n${logs}`);
	} finally {
		proxy?.close();
		await stopApps(apps);
		await dropRedisPrefix(redisUrl, redisPrefix);
		await slack.close();
		await db.end();
		redis.disconnect();
	}
}

/**
 * Waits for half the invitations, SIGKILLs `victim` (a worker), waits until nothing is queued or being sent, and
 * counts who was invited how often.
 */
async function fanOutWithAKill(
	db: pg.Client,
	workspace: FakeSlackProcess,
	dmChannelFor: (userId: string) => string,
	invitees: readonly SyntheticEmployee[],
	victim: App,
	opts: { size: number; workspaceLimit: number },
	keysNow: () => Promise<string[]>,
): Promise<Omit<ScaleOut, "answers">> {
	// A person's invitation goes to their user id or their DM channel; anything else (the admin's replies, the
	// leadership channel) is not an invitation.
	const personOf = new Map<string, string>();
	for (const p of invitees) {
		personOf.set(p.slackUserId, p.slackUserId);
		personOf.set(dmChannelFor(p.slackUserId), p.slackUserId);
	}
	// Every DM counts towards half-way (the few to the admin too); the figures below count invitations alone.
	await until((opts.size / opts.workspaceLimit) * 1000 + 60_000, async () =>
		(await workspace.tally()).delivered >= opts.size / 2 ? true : undefined,
	);
	const keysAtKill = await keysNow();
	const killedAt = Date.now();
	victim.child.kill("SIGKILL");
	// Settled: nothing queued or being sent (the reconciler hands the dead worker's claims over or marks them).
	await until((opts.size / opts.workspaceLimit) * 2000 + 120_000, async () => {
		const r = await db.query<{ n: number }>(
			"select count(*)::int as n from delivery where kind = 'invite' and state in ('queued', 'sending')",
		);
		return r.rows[0]?.n === 0 ? true : undefined;
	});
	const queueKeysSeen = [...new Set([...keysAtKill, ...(await keysNow())])];
	const sends = await workspace.sends();
	const sent = sends.sent.filter(([, channel]) => personOf.has(channel));
	const perChannel = new Map<string, number>();
	for (const [, channel] of sent) {
		const who = personOf.get(channel) as string;
		perChannel.set(who, (perChannel.get(who) ?? 0) + 1);
	}
	const unknown =
		(
			await db.query<{ n: number }>(
				"select count(*)::int as n from delivery where kind = 'invite' and state = 'unknown'",
			)
		).rows[0]?.n ?? 0;
	const duplicates = [...perChannel.values()].filter((n) => n > 1).length;
	const lost = opts.size - perChannel.size - unknown;
	const times = sent.map(([at]) => at);
	const killedAfter = times.filter((t) => t < killedAt).length;
	const fanOutSeconds = (Math.max(...times) - Math.min(...times)) / 1000;
	const perSecond = (sent.length - 1) / fanOutSeconds;
	const within = (from: number, to: number) =>
		times.filter((t) => t >= killedAt + from && t < killedAt + to).length;

	return {
		invitations: sent.length,
		fanOutSeconds: +fanOutSeconds.toFixed(1),
		perSecond: +perSecond.toFixed(1),
		percentOfLimit: Math.round((perSecond / opts.workspaceLimit) * 1000) / 10,
		duplicates,
		lost,
		unknown,
		killedAfter,
		deliveredAfterKill: sent.length - killedAfter,
		perSecondBeforeKill: +(within(-30_000, 0) / 30).toFixed(1),
		perSecondAfterKill: +(within(0, 30_000) / 30).toFixed(1),
		timeline: timeline(times, killedAt),
		rateLimited: sends.rateLimitedAt.length,
		queueKeys: queueKeysSeen.sort(),
	};
}

/** Sends per 5 s from `killedAt`, as [seconds from it, count], in order. */
function timeline(
	times: readonly number[],
	killedAt: number,
): [number, number][] {
	const buckets = new Map<number, number>();
	for (const t of times) {
		const b = Math.floor((t - killedAt) / 5000) * 5;
		buckets.set(b, (buckets.get(b) ?? 0) + 1);
	}
	return [...buckets].sort((a, b) => a[0] - b[0]);
}

/**
 * The keys under `prefix` of the Slack delivery queue (every one carrying its hash tag), with the prefix shown as
 * `<prefix>` and job ids as `<job>`: what a Redis Cluster must keep in one slot.
 */
async function queueKeys(redis: Redis, prefix: string): Promise<string[]> {
	const keys = new Set<string>();
	let cursor = "0";
	do {
		const [next, batch] = await redis.scan(
			cursor,
			"MATCH",
			`${prefix}:*`,
			"COUNT",
			1000,
		);
		cursor = next;
		for (const k of batch)
			if (k.includes("{census-deliveries}"))
				keys.add(
					k
						.replace(prefix, "<prefix>")
						.replace(/delivery-[0-9a-f-]{36}-\d+/, "<job>"),
				);
	} while (cursor !== "0");
	return [...keys];
}

/** Answers at `answerRate`/s through the proxy, each from a different invited person. */
async function answersThroughProxy(
	db: pg.Client,
	sim: SlackUserSimulator,
	invitees: readonly SyntheticEmployee[],
	campaignId: string,
	opts: {
		size: number;
		answerRate: number;
		answerSeconds: number;
		rampSeconds: number;
	},
): Promise<Omit<ScaleOut["answers"], "perWebProcess">> {
	const rampSends = rampSchedule(opts.answerRate, opts.rampSeconds).rampSends;
	const answerCount = Math.max(
		0,
		Math.min(opts.answerRate * opts.answerSeconds, opts.size - rampSends),
	);
	const answered = await sendModalAnswers({
		sim,
		people: invitees.slice(0, rampSends + answerCount),
		campaignId,
		rate: opts.answerRate,
		rampSeconds: opts.rampSeconds,
		viewPrefix: "VSCALE",
	});
	const stored = await db.query<{ n: number }>(
		"select count(*)::int as n from sealed_ballot where campaign_id = $1::uuid",
		[campaignId],
	);
	return {
		submissions: answerCount,
		perSecond: Math.round(answerCount / answered.seconds),
		ackMs: summariseLatencies(answered.latencies),
		rampSends: answered.rampSends,
		rampP99Ms: summariseLatencies(answered.rampLatencies).p99,
		errors: answered.errors,
		recorded: answered.recorded,
		ballotsStored: stored.rows[0]?.n ?? -1,
	};
}

/** SIGTERMs every app process still running and waits for each to exit. */
async function stopApps(apps: readonly App[]): Promise<void> {
	for (const a of apps) if (a.child.exitCode === null) a.child.kill("SIGTERM");
	await Promise.all(
		apps.map((a) =>
			a.child.exitCode !== null || a.child.signalCode !== null
				? undefined
				: new Promise((r) => a.child.once("exit", r)),
		),
	);
}

/** Starts the compiled app with one role and waits for its "started" line (its HTTP port). */
async function startApp(
	role: string,
	env: Record<string, string>,
): Promise<App> {
	const child = spawn(process.execPath, ["dist/main.js", `--role=${role}`], {
		env,
		stdio: ["ignore", "pipe", "pipe"],
	});
	let log = "";
	child.stdout?.on("data", (b: Buffer) => {
		log = (log + b.toString()).slice(-200_000);
	});
	child.stderr?.on("data", (b: Buffer) => {
		log = (log + b.toString()).slice(-200_000);
	});
	const port = await until(60_000, async () => {
		if (child.exitCode !== null)
			throw new Error(
				`the ${role} process exited (${child.exitCode}):\n${log}`,
			);
		const m = /"port":(\d+)[^\n]*census-bot started/.exec(log);
		return m ? Number(m[1]) : undefined;
	});
	return { role, child, port, log: () => log };
}

/** A small HTTP proxy sending each request to the next of `ports` in turn (and counting them). */
async function roundRobin(
	ports: number[],
	counts: number[],
): Promise<http.Server> {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
	let next = 0;
	const server = http.createServer((req, res) => {
		const i = next++ % ports.length;
		counts[i] = (counts[i] ?? 0) + 1;
		const upstream = http.request(
			{
				host: "127.0.0.1",
				port: ports[i],
				method: req.method,
				path: req.url,
				headers: req.headers,
				agent,
			},
			(r) => {
				res.writeHead(r.statusCode ?? 502, r.headers);
				r.pipe(res);
			},
		);
		upstream.on("error", () => {
			if (!res.headersSent) res.writeHead(502);
			res.end();
		});
		req.pipe(upstream);
	});
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
	return server;
}

async function until<T>(
	ms: number,
	probe: () => Promise<T | undefined>,
): Promise<T> {
	const deadline = Date.now() + ms;
	for (;;) {
		const v = await probe();
		if (v !== undefined) return v;
		if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms`);
		await new Promise((r) => setTimeout(r, 200));
	}
}
