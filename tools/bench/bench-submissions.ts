import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { generateOrganisation } from "../../src/demo/synthetic-organisation.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { SlackUserSimulator } from "../../src/sim/slack-user-simulator.js";
import {
	databaseTransactions,
	transactionsOnceAlone,
	transactionsPer,
} from "./database-transactions.js";
import { fakeSlackApart } from "./fake-slack-apart.js";
import { p99BySecond, summariseLatencies } from "./latency-summary.js";
import { cpuUsPer, processCpuMs } from "./process-cpu.js";
import { rampSchedule } from "./ramp-schedule.js";
import { type RoleProcess, startRole, stopRoles } from "./role-processes.js";
import { seedEmployees } from "./seed-employees.js";
import { sendModalAnswers } from "./send-modal-answers.js";
import { rampSummary } from "./send-open-loop.js";

/** What bench c measured. */
export type Submissions = {
	submissions: number;
	seconds: number;
	perSecond: number;
	/** Time from sending the signed `view_submission` to its HTTP answer (the ack), in ms. */
	ackMs: { p50: number; p95: number; p99: number; max: number };
	/** The ack's p99 among the answers sent in each second of the run: where in the run the slow ones were. */
	p99MsBySecond: number[];
	/** The answers sent while the rate climbed to `rate` (before `submissions`), and their ack times. */
	ramp: { sends: number; seconds: number; p99Ms: number; maxMs: number };
	errors: number;
	/** Answers acknowledged as recorded (the ramp's included), and ballots actually in the pool afterwards (must be equal). */
	recorded: number;
	ballotsStored: number;
	appPeakRssMb: number;
	/** CPU time the web process spent per answer over the run (user + system, µs): load-independent. */
	appCpuUsPerAnswer: number;
	/** CPU time the worker process spent per answer (the invitation replaced by the thank-you, through its queue). */
	workerCpuUsPerAnswer: number;
	/** Database transactions (statements outside one count one each) per answer, the app's background work included. */
	dbTransactionsPerAnswer: number;
};

/** The campaign the admin's start opened, once its invitations have all gone out (the bench measures answers). */
async function openedCampaign(
	db: pg.Client,
	log: () => string,
): Promise<string> {
	const deadline = Date.now() + 60_000;
	const campaignId = await (async () => {
		for (;;) {
			const r = await db.query<{ id: string }>(
				"select id::text from campaign where status = 'open'",
			);
			if (r.rows[0]) return r.rows[0].id;
			if (Date.now() > deadline)
				throw new Error(`no campaign opened:\n${log()}`);
			await new Promise((r) => setTimeout(r, 100));
		}
	})();
	// Let the invitations go out first, so the measurement is of answers alone.
	for (;;) {
		const r = await db.query<{ n: number }>(
			"select count(*)::int as n from delivery where state in ('queued', 'sending')",
		);
		if (r.rows[0]?.n === 0) break;
		await new Promise((r) => setTimeout(r, 200));
	}
	return campaignId;
}

/** Samples a process's resident memory every 200 ms (Linux /proc) until stopped; its peak in bytes. */
function sampleRss(pid: number | undefined): {
	peak(): number;
	stop(): void;
} {
	let peakRss = 0;
	const sampler = setInterval(() => {
		if (!pid) return;
		try {
			const status = readFileSync(`/proc/${pid}/status`, "utf8");
			const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
			peakRss = Math.max(peakRss, kb * 1024);
		} catch {}
	}, 200);
	return { peak: () => peakRss, stop: () => clearInterval(sampler) };
}

/**
 * Bench c: `rate` modal submissions per second for `seconds`, open loop (each sent at its time, whatever the
 * earlier ones are doing), with correctly signed requests, against the real app running as `npm start` in a
 * process of its own (PostgreSQL, Redis, Bolt), and the fake Slack in another, so that none of the three shares
 * an event loop. Each submission comes from a different invited person.
 */
export async function benchSubmissions(opts: {
	databaseUrl: string;
	rate: number;
	seconds: number;
	/** The rate climbs from 0 over this long first (see `rampSchedule`); those answers are measured apart. */
	rampSeconds: number;
	/** m for the app under test (the bench's own CENSUS_SHUFFLE_SIZE, read through config). */
	shuffleSize: number;
	/** Extra node options for the app process (e.g. --cpu-prof). */
	nodeArgs?: string[];
}): Promise<Submissions> {
	const count = opts.rate * opts.seconds;
	const rampSends = rampSchedule(opts.rate, opts.rampSeconds).rampSends;
	const people = generateOrganisation(rampSends + count + 1, 23);
	const admin = people[0];
	if (!admin) throw new Error("no people");
	const db = new pg.Client({ connectionString: opts.databaseUrl });
	await db.connect();
	const dataDir = await mkdtemp(path.join(os.tmpdir(), "census-bench-c-"));
	const slack = await fakeSlackApart({ botToken: "xoxb-bench" });
	const signingSecret = randomBytes(16).toString("hex");
	const prefix = `census-bench-${randomBytes(4).toString("hex")}`;
	const custody = ephemeralCustody();
	const env: Record<string, string> = {
		DATABASE_URL: opts.databaseUrl,
		REDIS_URL: "redis://127.0.0.1:6379",
		CENSUS_REDIS_PREFIX: prefix,
		SLACK_BOT_TOKEN: "xoxb-bench",
		SLACK_SIGNING_SECRET: signingSecret,
		SLACK_API_URL: slack.workspace.apiUrl,
		SLACK_MESSAGES_PER_SECOND: "1000",
		CENSUS_SEALING_SECRET: custody.sealingSecret,
		CENSUS_ADMINS: admin.slackUserId,
		CENSUS_DATA_DIR: dataDir,
		CENSUS_WORKING_HOURS: "00:00-24:00,mon-sun",
		CENSUS_SHUFFLE_SIZE: String(opts.shuffleSize),
		PORT: "0",
		LOG_LEVEL: "info",
	};
	const roles: RoleProcess[] = [];
	const logs = () =>
		roles.map((r) => `--- ${r.role}\n${r.log().slice(-4000)}`).join("\n");
	try {
		await seedEmployees(db, people);
		// As deployed (compose.yaml, deploy/kubernetes): the tally first (it registers the public key new campaigns
		// are sealed to, and alone holds the tally key), then the worker, then the web process the answers go to.
		roles.push(
			await startRole("tally", {
				...env,
				CENSUS_TALLY_KEY: custody.tallyKeyText,
			}),
		);
		roles.push(await startRole("worker", env));
		const web = await startRole("web", env, opts.nodeArgs);
		roles.push(web);
		const app = web.child;
		const worker = roles[1]?.child;
		const port = web.port;
		const sim = new SlackUserSimulator({
			appUrl: `http://127.0.0.1:${port}`,
			signingSecret,
			fake: slack.forSimulator,
		});
		const started = await sim.slashCommand(
			admin.slackUserId,
			"/census",
			"start channel=#bench",
		);
		if (started.status !== 200) throw new Error("/census start failed");
		const campaignId = await openedCampaign(db, logs);
		const rss = sampleRss(app.pid);
		const xactsBefore = await databaseTransactions(db);
		const cpuBefore = processCpuMs(app.pid);
		const workerCpuBefore = processCpuMs(worker?.pid);
		const answered = await sendModalAnswers({
			sim,
			people: people.slice(1),
			campaignId,
			rate: opts.rate,
			rampSeconds: opts.rampSeconds,
			viewPrefix: "VBENCH",
		});
		const { seconds, latencies, timeline, errors, recorded } = answered;
		const sent = rampSends + count;
		const appCpu = processCpuMs(app.pid);
		const workerCpu = processCpuMs(worker?.pid);
		rss.stop();
		const stored = await db.query<{ n: number }>(
			"select count(*)::int as n from sealed_ballot where campaign_id = $1::uuid",
			[campaignId],
		);
		// The app's connections publish their counts as they close: stopped, their count is complete at once.
		await stopRoles(roles);
		const dbTransactionsPerAnswer = transactionsPer(
			xactsBefore,
			await transactionsOnceAlone(db),
			sent,
		);
		return {
			submissions: count,
			seconds: +seconds.toFixed(3),
			perSecond: Math.round(count / seconds),
			ackMs: summariseLatencies(latencies),
			p99MsBySecond: p99BySecond(timeline),
			ramp: rampSummary(answered, opts.rampSeconds),
			errors,
			recorded,
			appCpuUsPerAnswer: cpuUsPer(cpuBefore, appCpu, sent),
			workerCpuUsPerAnswer: cpuUsPer(workerCpuBefore, workerCpu, sent),
			dbTransactionsPerAnswer,
			ballotsStored: stored.rows[0]?.n ?? -1,
			appPeakRssMb: Math.round(rss.peak() / 2 ** 20),
		};
	} finally {
		await stopRoles(roles);
		await slack.close();
		await db.end();
		await rm(dataDir, { recursive: true, force: true });
	}
}
