import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describeFailure } from "../../src/cli/describe-failure.js";
import { runRosterImport } from "../../src/cli/roster-import.js";
import { type Config, loadConfig } from "../../src/config.js";
import {
	generateOrganisation,
	rosterCsv,
} from "../../src/demo/synthetic-organisation.js";
import { makeBallot } from "../../src/domain/ballots/ballot.js";
import { sealBallot } from "../../src/domain/ballots/ballot-sealer.js";
import { openPoolKey, toPool } from "../../src/domain/ballots/pool-layer.js";
import { CampaignCloser } from "../../src/domain/campaigns/campaign-closer.js";
import { CensusService } from "../../src/domain/campaigns/census-service.js";
import type { Campaign } from "../../src/domain/ports.js";
import { threadedTallier } from "../../src/jobs/threaded-tallier.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { CensusRepository } from "../../src/storage/census-repository.js";
import { startEmbeddedDatabase } from "../../src/storage/embedded-database.js";
import { migrate } from "../../src/storage/migrator.js";
import { createPrismaClient } from "../../src/storage/prisma-client.js";
import { benchFanOut } from "./bench-fan-out.js";
import { benchGraphReach } from "./bench-graph-reach.js";
import { type BenchOptions, readBenchOptions } from "./bench-options.js";
import { benchScaleOut } from "./bench-scale-out.js";
import {
	type BenchCase,
	benchCases,
	benchSchedule,
	ranAlongside,
	selectedCases,
} from "./bench-schedule.js";
import { benchSlackDirectory } from "./bench-slack-directory.js";
import { benchSubmissions } from "./bench-submissions.js";
import { benchTeamsAnswers } from "./bench-teams-answers.js";
import { benchTeamsFanOut } from "./bench-teams-fan-out.js";
import { benchTeamsStart } from "./bench-teams-start.js";
import { checkpointDatabase } from "./checkpoint-database.js";
import { sourceCommit } from "./source-commit.js";

type Figure = {
	workload: string;
	seconds: number;
	perSecond?: number;
	peakRssMb: number;
	/** Figures; the scale-out case adds its timeline and its queue's Redis keys. */
	details?: Record<string, number | number[] | [number, number][] | string[]>;
	/**
	 * In --quick, the cases that ran at the same time as this one: their memory is in its peak too, and this
	 * process's CPU time per item is left out.
	 */
	ranAlongside?: string[];
};

const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${process.version}`;
/**
 * The process's peak memory while a case (or the step of it being timed) ran, and its memory when that began: what
 * the step itself added is the peak minus the start. One per case, so that cases running at once keep their own.
 */
type RssMeter = { peak: number; start: number };
const caseMeter = new AsyncLocalStorage<RssMeter>();
const runningMeters = new Set<RssMeter>([{ peak: 0, start: 0 }]);
const sampler = setInterval(() => {
	const rss = process.memoryUsage().rss;
	for (const m of runningMeters) m.peak = Math.max(m.peak, rss);
}, 50);
/** The meter of the case this code runs for. */
const meter = (): RssMeter =>
	caseMeter.getStore() ?? ([...runningMeters][0] as RssMeter);
/** Restarts the current case's meter at the process's memory now. */
function restartMeter(): void {
	const m = meter();
	m.peak = process.memoryUsage().rss;
	m.start = m.peak;
}

/** Lets the heap shrink between steps, so one step's peak is not the last one's garbage (when --expose-gc). */
function settleMemory(): void {
	(globalThis as { gc?: () => void }).gc?.();
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
	restartMeter();
	const t0 = performance.now();
	const value = await fn();
	return [value, (performance.now() - t0) / 1000];
}

/** A fresh database: on DATABASE_URL's server when set, else an in-memory embedded one. */
async function freshDatabase(
	adminUrl: string | undefined,
): Promise<{ url: string; pool: number; drop(): Promise<void> }> {
	if (!adminUrl) {
		const e = await startEmbeddedDatabase({});
		// The embedded server runs one connection's statements at a time: a pool of one, as the app uses.
		return { url: e.url, pool: 1, drop: () => e.stop() };
	}
	const name = `census_bench_${randomBytes(4).toString("hex")}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`create database "${name}"`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		pool: 5,
		async drop() {
			const c = new pg.Client({ connectionString: adminUrl });
			await c.connect();
			await c.query(`drop database if exists "${name}" with (force)`);
			await c.end();
		},
	};
}

/** What every case shares: the options, the configuration, and the figures so far. */
type BenchRun = {
	options: BenchOptions;
	config: Config;
	/** Node flags for the app processes benches c and f spawn (a CPU profile when asked). */
	nodeArgs: string[];
	figures: Figure[];
};

/** The peak memory so far, in MiB, for a case measured in this process. */
const peakRssMb = () => Math.round(meter().peak / 2 ** 20);

/** Runs `fn` on a fresh, migrated and checkpointed database, dropped afterwards. */
async function inFreshDatabase<T>(
	config: Config,
	fn: (url: string) => Promise<T>,
): Promise<T> {
	const db = await freshDatabase(config.databaseUrl);
	try {
		await migrate(db.url);
		await checkpointDatabase(db.url);
		return await fn(db.url);
	} finally {
		await db.drop();
	}
}

/** A figure of a step timed in this process: count per second, and the memory the step peaked at. */
function addTimed(
	run: BenchRun,
	workload: string,
	seconds: number,
	count: number,
): Figure {
	const figure: Figure = {
		workload,
		seconds: +seconds.toFixed(3),
		perSecond: Math.round(count / seconds),
		peakRssMb: peakRssMb(),
		details: { rssAtStartMb: Math.round(meter().start / 2 ** 20) },
	};
	run.figures.push(figure);
	return figure;
}

/**
 * Writes the synthetic roster and imports it (timed). Keeps only what sealing needs (each person's key answer and
 * grade, shared strings): the bench must not hold a million people while it measures the memory of the steps it times.
 */
async function importRoster(
	run: BenchRun,
	db: { url: string },
	dir: string,
): Promise<{ keyAnswers: string[]; grades: string[] }> {
	const size = run.options.people;
	const csv = path.join(dir, "roster.csv");
	const kept = await (async () => {
		const people = generateOrganisation(size, 11);
		await writeFile(csv, rosterCsv(people));
		return {
			keyAnswers: people.map((p) => p.answers.key ?? "occ_pnts"),
			grades: people.map((p) => p.grade),
		};
	})();
	settleMemory();
	const sink = { write: () => true } as unknown as NodeJS.WritableStream;
	const [code, importSeconds] = await timed(() =>
		runRosterImport({
			file: csv,
			dryRun: false,
			databaseUrl: db.url,
			out: sink,
			progress: false,
		}),
	);
	if (code !== 0) throw new Error("roster import failed");
	addTimed(run, `roster import, ${size} rows`, importSeconds, size);
	settleMemory();
	return kept;
}

/** Starts a campaign over the whole roster (timed), its time split into reading, writing batches and opening. */
async function startCampaign(run: BenchRun, service: CensusService) {
	const size = run.options.people;
	// When the first and the last batch of invitations were committed, to split the start's time into reading
	// the roster, writing the batches, and checking and flipping to open.
	const batchTimes: number[] = [];
	const t0 = performance.now();
	const [started, startSeconds] = await timed(() =>
		service.start(
			{
				name: "Bench",
				closesOn: "2099-01-01",
				channel: "#bench",
				targetRate: 70,
				questions: ["key"],
			},
			"bench",
			(e) => {
				if (e.kind === "written") batchTimes.push(performance.now());
			},
		),
	);
	if (!started.ok) throw new Error("could not start the campaign");
	const figure = addTimed(
		run,
		`campaign start (freeze ${size} invitations)`,
		startSeconds,
		size,
	);
	const first = batchTimes[0] ?? t0;
	const last = batchTimes.at(-1) ?? t0;
	figure.details = {
		...figure.details,
		batches: batchTimes.length,
		untilFirstBatchSeconds: +((first - t0) / 1000).toFixed(2),
		batchesSeconds: +((last - first) / 1000).toFixed(2),
		afterLastBatchSeconds: +(startSeconds - (last - t0) / 1000).toFixed(2),
	};
	return started.campaign;
}

/**
 * Seals a ballot for everyone, 5,000 at a time as answers arrive (the bench never holds the whole pool), and times
 * the sealing alone; the inserts (a bench shortcut for a million answers) are not timed. Then VACUUM ANALYZE and a
 * CHECKPOINT, untimed: answers arrive over weeks, and autovacuum and the checkpoints keep up with them; a million rows
 * loaded in two minutes would leave both catching up (on the ballots and the million invitations just marked) while
 * the close is timed.
 */
async function sealBallots(
	run: BenchRun,
	db: { url: string },
	campaign: Campaign,
	sealingSecret: string,
	people: { keyAnswers: string[]; grades: string[] },
): Promise<void> {
	const size = run.options.people;
	const poolKey = openPoolKey(
		sealingSecret,
		campaign.id,
		campaign.wrappedPoolKey as Buffer,
	);
	const raw = new pg.Client({ connectionString: db.url });
	await raw.connect();
	await raw.query(
		"update invitation set status = 'responded', responded_on = current_date",
	);
	let sealSeconds = 0;
	restartMeter();
	for (let i = 0; i < size; i += 5000) {
		const t = performance.now();
		const batch: Buffer[] = [];
		for (let j = i; j < Math.min(size, i + 5000); j++)
			batch.push(
				toPool(
					poolKey,
					sealBallot(
						campaign.publicKey,
						makeBallot(
							{ key: people.keyAnswers[j] as string },
							"g",
							people.grades[j] as string,
						),
					),
				),
			);
		sealSeconds += (performance.now() - t) / 1000;
		await raw.query(
			"insert into sealed_ballot (id, campaign_id, sealed) select gen_random_uuid(), $1::uuid, unnest($2::bytea[])",
			[campaign.id, batch],
		);
	}
	await raw.query("vacuum analyze");
	await raw.end();
	await checkpointDatabase(db.url);
	addTimed(run, `seal and wrap ${size} ballots`, sealSeconds, size);
	settleMemory();
}

/** Roster import, start, sealing and close at --people, in this process. */
async function benchCensusSteps(
	run: BenchRun,
	db: { url: string; pool: number },
	dir: string,
): Promise<void> {
	const size = run.options.people;
	await migrate(db.url);
	await checkpointDatabase(db.url);
	const people = await importRoster(run, db, dir);
	// Untimed: the start is not charged for writing out the million rows the import just loaded.
	await checkpointDatabase(db.url);
	const prisma = createPrismaClient(db.url, db.pool);
	const store = new CensusRepository(prisma);
	const custody = ephemeralCustody();
	const service = new CensusService(
		store,
		{ now: () => new Date() },
		custody.serving,
	);
	const closer = new CampaignCloser(
		store,
		{ now: () => new Date() },
		custody.tally,
		{ tallier: threadedTallier() },
	);
	const campaign = await startCampaign(run, service);
	if (!run.options.rosterOnly) {
		await sealBallots(run, db, campaign, custody.sealingSecret, people);
		const [closed, closeSeconds] = await timed(() => closer.close());
		if (!closed.ok || closed.report.responded !== size)
			throw new Error("close did not tally every ballot");
		addTimed(
			run,
			`close: open, tally and report ${size} sealed ballots`,
			closeSeconds,
			size,
		);
	}
	await prisma.$disconnect();
}

/** Bench c: answer-modal submissions to the compiled app in a process of its own, at the rate and at the peak. */
async function benchCaseSubmissions(run: BenchRun): Promise<void> {
	const { options } = run;
	for (const rate of [options["submit-rate"], options["submit-rate-peak"]])
		if (rate > 0) await benchSubmissionsAt(run, rate);
}

async function benchSubmissionsAt(
	run: BenchRun,
	submitRate: number,
): Promise<void> {
	const { options, config } = run;
	const submitSeconds = options["submit-seconds"];
	if (submitSeconds <= 0) return;
	if (!config.databaseUrl) {
		process.stderr.write(
			"bench c (answer submissions) runs the app in a process of its own and needs DATABASE_URL; skipped\n",
		);
		return;
	}
	await inFreshDatabase(config, async (url) => {
		const [r, seconds] = await timed(() =>
			benchSubmissions({
				databaseUrl: url,
				rate: submitRate,
				seconds: submitSeconds,
				rampSeconds: options["ramp-seconds"],
				shuffleSize: config.privacy.shuffleSize,
				nodeArgs: run.nodeArgs,
			}),
		);
		run.figures.push({
			workload: `answer-modal submissions: ${submitRate}/s for ${submitSeconds} s (after ${r.ramp.sends} climbing to that rate over ${r.ramp.seconds} s, measured apart as "ramp"), open loop, signed, each from a different invited person, to the compiled app as deployed: node dist/main.js --role=web, with --role=worker and --role=tally in processes of their own; ack latency in ms at the client; CPU per answer of the web and the worker process`,
			seconds: r.seconds,
			perSecond: r.perSecond,
			peakRssMb: r.appPeakRssMb,
			details: {
				p50Ms: r.ackMs.p50,
				p95Ms: r.ackMs.p95,
				p99Ms: r.ackMs.p99,
				maxMs: r.ackMs.max,
				p99MsBySecond: r.p99MsBySecond,
				rampSends: r.ramp.sends,
				rampP99Ms: r.ramp.p99Ms,
				rampMaxMs: r.ramp.maxMs,
				submissions: r.submissions,
				recorded: r.recorded,
				errors: r.errors,
				ballotsStored: r.ballotsStored,
				appCpuUsPerAnswer: r.appCpuUsPerAnswer,
				workerCpuUsPerAnswer: r.workerCpuUsPerAnswer,
				dbTransactionsPerAnswer: r.dbTransactionsPerAnswer,
				setupAndTeardownSeconds: +(seconds - r.seconds).toFixed(1),
			},
		});
	});
}

/** Bench a (Slack fan-out against a 50/s workspace limit) or b (without one). */
async function benchCaseFanOut(run: BenchRun, which: "a" | "b"): Promise<void> {
	const { options, config } = run;
	const fanOutSize = options["fan-out"];
	if (fanOutSize <= 0 || !options.fanOutCases.includes(which)) return;
	const [label, workspaceLimit, appLimit] =
		which === "a"
			? [
					"against a workspace limit of 50/s (429 + Retry-After beyond it)",
					50,
					50,
				]
			: ["with no workspace limit", undefined, 10_000];
	await inFreshDatabase(config, async (url) => {
		const [r, seconds] = await timed(() =>
			benchFanOut({
				base: config,
				databaseUrl: url,
				size: fanOutSize,
				workspaceLimit,
				appLimit,
			}),
		);
		run.figures.push({
			workload: `fan-out: ${fanOutSize} invitations ${label}`,
			seconds: r.seconds,
			perSecond: r.perSecond,
			peakRssMb: peakRssMb(),
			details: {
				rateLimited: r.rateLimited,
				duplicates: r.duplicates,
				lost: r.lost,
				unknown: r.unknown,
				appCpuUsPerInvitation: r.appCpuUsPerInvitation,
				fakeCpuUsPerInvitation: r.fakeCpuUsPerInvitation,
				setupAndTeardownSeconds: +(seconds - r.seconds).toFixed(1),
			},
		});
	});
}

/** Bench e: Teams fan-out against a tenant limit of 50 calls/s. */
async function benchCaseTeamsFanOut(run: BenchRun): Promise<void> {
	const { options, config } = run;
	const teamsSize = options["teams-fan-out"];
	if (teamsSize <= 0) return;
	await inFreshDatabase(config, async (url) => {
		const [r, seconds] = await timed(() =>
			benchTeamsFanOut({
				base: config,
				databaseUrl: url,
				size: teamsSize,
				tenantLimit: 50,
				appLimit: 50,
			}),
		);
		run.figures.push({
			workload: `Teams fan-out: ${teamsSize} invitations (each a conversation created and a card sent) against a tenant limit of 50 calls/s (429 + Retry-After beyond it), fake Bot Connector in this process`,
			seconds: r.seconds,
			perSecond: r.perSecond,
			peakRssMb: peakRssMb(),
			details: {
				rateLimited: r.rateLimited,
				duplicates: r.duplicates,
				lost: r.lost,
				unknown: r.unknown,
				conversationsCreated: r.conversationsCreated,
				callsPerSecond: r.callsPerSecond,
				percentOfTenantLimit: r.percentOfTenantLimit,
				setupAndTeardownSeconds: +(seconds - r.seconds).toFixed(1),
			},
		});
	});
}

/** Bench h: a census start typed in Teams, answered at once and completed proactively. */
async function benchCaseTeamsStart(run: BenchRun): Promise<void> {
	const { options, config } = run;
	const teamsStartSize = options["teams-start"];
	if (teamsStartSize <= 0) return;
	await inFreshDatabase(config, async (url) => {
		const [r, seconds] = await timed(() =>
			benchTeamsStart({
				base: config,
				databaseUrl: url,
				people: teamsStartSize,
				// The peak is the start's (app and fake connector, both in this process), not the seeding's.
				seeded: () => {
					settleMemory();
					restartMeter();
				},
			}),
		);
		run.figures.push({
			workload: `Teams census start with ${teamsStartSize} people on the roster: typed by an admin in personal chat, through the endpoint (token checked) against the fake Bot Connector in this process; the turn answers "Starting…" and the outcome arrives proactively`,
			seconds: r.completionSeconds,
			perSecond: Math.round(teamsStartSize / r.completionSeconds),
			peakRssMb: peakRssMb(),
			details: {
				rssAtStartMb: Math.round(meter().start / 2 ** 20),
				turnSeconds: r.turnSeconds,
				completionSeconds: r.completionSeconds,
				setupAndTeardownSeconds: +(seconds - r.completionSeconds).toFixed(1),
			},
		});
	});
}

/** Bench f: Teams answer cards to the compiled app in a process of its own. */
async function benchCaseTeamsAnswers(run: BenchRun): Promise<void> {
	const { options, config } = run;
	const teamsRate = options["teams-submit-rate"];
	const teamsSeconds = options["submit-seconds"];
	if (teamsRate <= 0 || teamsSeconds <= 0) return;
	if (!config.databaseUrl) {
		process.stderr.write(
			"bench f (Teams answer cards) runs the app in a process of its own and needs DATABASE_URL; skipped\n",
		);
		return;
	}
	await inFreshDatabase(config, async (url) => {
		const [r, seconds] = await timed(() =>
			benchTeamsAnswers({
				databaseUrl: url,
				rate: teamsRate,
				seconds: teamsSeconds,
				rampSeconds: options["ramp-seconds"],
				shuffleSize: config.privacy.shuffleSize,
				nodeArgs: run.nodeArgs,
			}),
		);
		run.figures.push({
			workload: `Teams answer cards: ${teamsRate}/s for ${teamsSeconds} s (after ${r.ramp.sends} climbing to that rate over ${r.ramp.seconds} s, measured apart as "ramp"), the Send button's signed adaptiveCard/action invoke, open loop, each from a different invited person whose chat the app already knows (captured as its install leaves it); invoke response latency in ms at the client, to the compiled app (node dist/main.js --role=web) in its own process`,
			seconds: r.seconds,
			perSecond: r.perSecond,
			peakRssMb: peakRssMb(),
			details: {
				p50Ms: r.invokeMs.p50,
				p95Ms: r.invokeMs.p95,
				p99Ms: r.invokeMs.p99,
				maxMs: r.invokeMs.max,
				p99MsBySecond: r.p99MsBySecond,
				rampSends: r.ramp.sends,
				rampP99Ms: r.ramp.p99Ms,
				rampMaxMs: r.ramp.maxMs,
				submissions: r.submissions,
				recorded: r.recorded,
				errors: r.errors,
				ballotsStored: r.ballotsStored,
				appCpuUsPerAnswer: r.appCpuUsPerAnswer,
				dbTransactionsPerAnswer: r.dbTransactionsPerAnswer,
				setupAndTeardownSeconds: +(seconds - r.seconds).toFixed(1),
			},
		});
	});
}

/** The scale-out case: web ×2, worker ×2 and a tally as processes of their own. */
async function benchCaseScaleOut(run: BenchRun): Promise<void> {
	const { options, config } = run;
	if (!options.scaleOut) return;
	if (!config.databaseUrl) {
		process.stderr.write(
			"the scale-out case runs five app processes on one PostgreSQL and needs DATABASE_URL; skipped\n",
		);
		return;
	}
	const submitRate = options["submit-rate"];
	const submitSeconds = options["submit-seconds"];
	await inFreshDatabase(config, async (url) => {
		const size = options["scale-out-size"];
		const [r, seconds] = await timed(() =>
			benchScaleOut({
				databaseUrl: url,
				size,
				workspaceLimit: 50,
				answerRate: submitRate,
				answerSeconds: submitSeconds,
				rampSeconds: options["ramp-seconds"],
			}),
		);
		run.figures.push({
			workload: `scale-out: web ×2 (round-robin proxy), worker ×2, tally, as compiled processes on one PostgreSQL and Redis; ${size} invitations at a 50/s workspace limit with one worker SIGKILLed half-way, then answer-modal submissions at ${submitRate}/s for ${submitSeconds} s through the proxy (after ${r.answers.rampSends} climbing to that rate over ${options["ramp-seconds"]} s, measured apart)`,
			seconds: +seconds.toFixed(1),
			perSecond: r.perSecond,
			peakRssMb: peakRssMb(),
			details: {
				invitations: r.invitations,
				fanOutSeconds: r.fanOutSeconds,
				percentOfLimit: r.percentOfLimit,
				duplicates: r.duplicates,
				lost: r.lost,
				unknown: r.unknown,
				killedAfter: r.killedAfter,
				deliveredAfterKill: r.deliveredAfterKill,
				perSecondBeforeKill: r.perSecondBeforeKill,
				perSecondAfterKill: r.perSecondAfterKill,
				rateLimited: r.rateLimited,
				timeline: r.timeline,
				queueKeys: r.queueKeys,
				answers: r.answers.submissions,
				answersPerSecond: r.answers.perSecond,
				answerRampSends: r.answers.rampSends,
				answerRampP99Ms: r.answers.rampP99Ms,
				answerP50Ms: r.answers.ackMs.p50,
				answerP99Ms: r.answers.ackMs.p99,
				answerMaxMs: r.answers.ackMs.max,
				answerErrors: r.answers.errors,
				answersRecorded: r.answers.recorded,
				ballotsStored: r.answers.ballotsStored,
				answersWeb1: r.answers.perWebProcess[0] ?? 0,
				answersWeb2: r.answers.perWebProcess[1] ?? 0,
			},
		});
	});
}

/** Bench g: Teams reach through a fake Microsoft Graph, in this process. */
async function benchCaseGraphReach(run: BenchRun): Promise<void> {
	const graphSize = run.options["graph-reach"];
	if (graphSize <= 0) return;
	const [r] = await timed(() =>
		benchGraphReach({
			redisUrl: run.config.redisUrl ?? "redis://127.0.0.1:6379",
			size: graphSize,
		}),
	);
	run.figures.push({
		workload: `Teams reach through Microsoft Graph: ${graphSize} people resolved by email ($batch of 20) and the app installed for those without it (install, installation, chat), against a fake Graph enforcing 30 Teams calls/s and 8,000 directory units/10 s (429 + Retry-After beyond), in this process`,
		seconds: r.seconds,
		perSecond: r.perSecond,
		peakRssMb: peakRssMb(),
		details: {
			resolveSeconds: r.resolveSeconds,
			installSeconds: r.installSeconds,
			found: r.found,
			installed: r.installed,
			notInstallable: r.notInstallable,
			installedTwice: r.installedTwice,
			rateLimited: r.rateLimited,
			directoryCallsPerSecond: r.directoryCallsPerSecond,
			percentOfDirectoryLimit: r.percentOfDirectoryLimit,
			teamsCallsPerSecond: r.teamsCallsPerSecond,
			percentOfTeamsLimit: r.percentOfTeamsLimit,
		},
	});
}

/** The Slack directory case: users.list at Tier 2, paced in virtual time. */
async function benchCaseSlackDirectory(run: BenchRun): Promise<void> {
	const directoryMembers = run.options["directory-members"];
	if (directoryMembers <= 0) return;
	const d = await benchSlackDirectory(directoryMembers);
	run.figures.push({
		workload: `Slack directory: ${directoryMembers} members by users.list at Tier 2 (pacing in virtual time)`,
		seconds: +d.wallSeconds.toFixed(3),
		perSecond: Math.round(directoryMembers / d.wallSeconds),
		peakRssMb: peakRssMb(),
		details: {
			tier2Minutes: +d.tier2Minutes.toFixed(1),
			pages: d.pages,
			rateLimited: d.rateLimited,
			limitUsedPercent: +d.limitUsedPercent.toFixed(1),
			found: d.found,
		},
	});
}

/** Roster import, start, sealing and close at --people, on a database and in a directory of their own. */
async function benchCasePeople(run: BenchRun): Promise<void> {
	const db = await freshDatabase(run.config.databaseUrl);
	const dir = await mkdtemp(path.join(os.tmpdir(), "census-bench-"));
	try {
		await benchCensusSteps(run, db, dir);
	} finally {
		await rm(dir, { recursive: true, force: true });
		await db.drop();
	}
}

/** Figures of this process as a whole, left out of a case's figures when other cases ran at the same time. */
const processWideDetails = ["appCpuUsPerInvitation"];

const caseRunners: Record<BenchCase, (run: BenchRun) => Promise<void>> = {
	people: benchCasePeople,
	c: benchCaseSubmissions,
	a: (run) => benchCaseFanOut(run, "a"),
	b: (run) => benchCaseFanOut(run, "b"),
	e: benchCaseTeamsFanOut,
	h: benchCaseTeamsStart,
	f: benchCaseTeamsAnswers,
	"scale-out": benchCaseScaleOut,
	g: benchCaseGraphReach,
	directory: benchCaseSlackDirectory,
};

/**
 * Runs the selected cases phase by phase (the lanes of a phase at once, each lane's cases in turn), each with a
 * memory meter and figures of its own. Returns the figures in `benchCases`' order, whatever order the cases ended
 * in, and each case's wall time, its setup and teardown included.
 */
async function runCases(
	run: BenchRun,
	/** Called with the figures so far each time a case ends (a long run's figures survive a later failure). */
	onCaseEnd: (sofar: CaseResults) => Promise<void>,
): Promise<CaseResults> {
	const phases = benchSchedule(selectedCases(run.options), run.options.quick);
	const figures = new Map<BenchCase, Figure[]>();
	const caseSeconds: Partial<Record<BenchCase, number>> = {};
	const results = (): CaseResults => ({
		figures: [...figures.entries()]
			.sort(([x], [y]) => benchCases.indexOf(x) - benchCases.indexOf(y))
			.flatMap(([, f]) => f),
		caseSeconds,
	});
	const runCase = async (c: BenchCase) => {
		const own: BenchRun = { ...run, figures: [] };
		figures.set(c, own.figures);
		const m = { peak: process.memoryUsage().rss, start: 0 };
		runningMeters.add(m);
		const t0 = performance.now();
		try {
			await caseMeter.run(m, () => caseRunners[c](own));
		} finally {
			runningMeters.delete(m);
			caseSeconds[c] = +((performance.now() - t0) / 1000).toFixed(1);
		}
		const alongside = ranAlongside(phases, c);
		if (alongside.length > 0)
			for (const f of own.figures) {
				f.ranAlongside = alongside;
				// This process's CPU time was the other cases' too: per item, it would mislead.
				for (const key of processWideDetails) delete f.details?.[key];
			}
		await onCaseEnd(results());
	};
	for (const phase of phases) {
		const lanes = await Promise.allSettled(
			phase.map(async (lane) => {
				for (const c of lane) await runCase(c);
			}),
		);
		const failed = lanes.find((l) => l.status === "rejected");
		if (failed) throw failed.reason;
	}
	return results();
}

type CaseResults = {
	figures: Figure[];
	caseSeconds: Partial<Record<BenchCase, number>>;
};

async function main(): Promise<number> {
	const t0 = performance.now();
	const options = readBenchOptions(process.argv.slice(2));
	if ("exit" in options) {
		(options.exit === 0 ? process.stdout : process.stderr).write(
			`${options.message}\n`,
		);
		return options.exit;
	}
	const profileDir = options.profileDir;
	const config = loadConfig();
	const run: BenchRun = {
		options,
		config,
		nodeArgs: profileDir
			? ["--cpu-prof", "--cpu-prof-dir", path.resolve(profileDir)]
			: [],
		figures: [],
	};
	const commit = sourceCommit();
	const results = (
		{ figures, caseSeconds }: CaseResults,
		complete: boolean,
	) => ({
		machine,
		commit,
		// False while cases are still to run: bench-results.json is written as each case ends.
		complete,
		// The machine's load while the bench ran (1, 5 and 15 minute averages when written): figures from a
		// loaded machine are slower, CPU per item much less so.
		loadAverage: os.loadavg().map((l) => +l.toFixed(1)),
		run: options.quick
			? "quick (each case at a tenth of its size; the cases other than the --people steps, c, f and scale-out at the same time)"
			: "full",
		database: config.databaseUrl ? "postgresql" : "embedded pglite",
		// The whole run in this process (the build before it not included), and the sum of each case's time,
		// its setup and teardown included: what the run would take one case at a time.
		wallSeconds: +((performance.now() - t0) / 1000).toFixed(1),
		sumOfCaseSeconds: +Object.values(caseSeconds)
			.reduce((sum, s) => sum + s, 0)
			.toFixed(1),
		caseSeconds,
		figures,
	});
	// One write at a time: cases of a --quick phase can end together.
	let saving = Promise.resolve();
	const save = (out: object) => {
		saving = saving.then(() =>
			writeFile("bench-results.json", `${JSON.stringify(out, null, 2)}\n`),
		);
		return saving;
	};
	try {
		const out = results(
			await runCases(run, (sofar) => save(results(sofar, false))),
			true,
		);
		await save(out);
		process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
		return 0;
	} finally {
		clearInterval(sampler);
	}
}

main().then(
	(code) => process.exit(code),
	(err: unknown) => {
		process.stderr.write(`${describeFailure(err)}\n`);
		process.exit(1);
	},
);
