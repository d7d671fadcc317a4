import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { loadConfig } from "../../src/config.js";
import {
	generateOrganisation,
	rosterCsv,
} from "../../src/demo/synthetic-organisation.js";
import { makeBallot } from "../../src/domain/ballots/ballot.js";
import { sealBallot } from "../../src/domain/ballots/ballot-sealer.js";
import { openPoolKey, toPool } from "../../src/domain/ballots/pool-layer.js";
import { CampaignCloser } from "../../src/domain/campaigns/campaign-closer.js";
import { CensusService } from "../../src/domain/campaigns/census-service.js";
import { threadedTallier } from "../../src/jobs/threaded-tallier.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { CensusRepository } from "../../src/storage/census-repository.js";
import { startEmbeddedDatabase } from "../../src/storage/embedded-database.js";
import { migrate } from "../../src/storage/migrator.js";
import { createPrismaClient } from "../../src/storage/prisma-client.js";
import { benchFanOut } from "./bench-fan-out.js";
import { benchGraphReach } from "./bench-graph-reach.js";
import { readBenchOptions } from "./bench-options.js";
import { benchScaleOut } from "./bench-scale-out.js";
import { benchSlackDirectory } from "./bench-slack-directory.js";
import { benchSubmissions } from "./bench-submissions.js";
import { benchTeamsAnswers } from "./bench-teams-answers.js";
import { benchTeamsFanOut } from "./bench-teams-fan-out.js";
import { benchTeamsStart } from "./bench-teams-start.js";
import { describeFailure } from "../../src/cli/describe-failure.js";
import { runRosterImport } from "../../src/cli/roster-import.js";

type Figure = {
	workload: string;
	seconds: number;
	perSecond?: number;
	peakRssMb: number;
	details?: Record<string, number>;
};

const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${process.version}`;
let peakRss = 0;
/** The process's memory when the step being timed began: what the step itself added is the peak minus this. */
let startRss = 0;
const sampler = setInterval(() => {
	peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

/** Lets the heap shrink between steps, so one step's peak is not the last one's garbage (when --expose-gc). */
function settleMemory(): void {
	(globalThis as { gc?: () => void }).gc?.();
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
	peakRss = process.memoryUsage().rss;
	startRss = peakRss;
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

async function main(): Promise<number> {
	const options = readBenchOptions(process.argv.slice(2));
	if ("exit" in options) {
		(options.exit === 0 ? process.stdout : process.stderr).write(
			`${options.message}\n`,
		);
		return options.exit;
	}
	const size = options.people;
	const fanOutSize = options["fan-out"];
	const profileDir = options.profileDir;
	const nodeArgs = profileDir
		? ["--cpu-prof", "--cpu-prof-dir", path.resolve(profileDir)]
		: [];
	const config = loadConfig();
	const db = await freshDatabase(config.databaseUrl);
	const dir = await mkdtemp(path.join(os.tmpdir(), "census-bench-"));
	const figures: Figure[] = [];
	const add = (workload: string, seconds: number, count: number) =>
		figures.push({
			workload,
			seconds: +seconds.toFixed(3),
			perSecond: Math.round(count / seconds),
			peakRssMb: Math.round(peakRss / 2 ** 20),
			details: { rssAtStartMb: Math.round(startRss / 2 ** 20) },
		});
	try {
		await migrate(db.url);
		const csv = path.join(dir, "roster.csv");
		// Only what sealing needs is kept (each person's key answer and grade, shared strings): the bench must not
		// hold a million people while it measures the memory of the steps it times.
		const { keyAnswers, grades } = await (async () => {
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
		add(`roster import, ${size} rows`, importSeconds, size);
		settleMemory();

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
		add(`campaign start (freeze ${size} invitations)`, startSeconds, size);
		const first = batchTimes[0] ?? t0;
		const last = batchTimes.at(-1) ?? t0;
		(figures.at(-1) as Figure).details = {
			...(figures.at(-1) as Figure).details,
			batches: batchTimes.length,
			untilFirstBatchSeconds: +((first - t0) / 1000).toFixed(2),
			batchesSeconds: +((last - first) / 1000).toFixed(2),
			afterLastBatchSeconds: +(startSeconds - (last - t0) / 1000).toFixed(2),
		};

		if (!options.rosterOnly) {
			const poolKey = openPoolKey(
				custody.sealingSecret,
				started.campaign.id,
				started.campaign.wrappedPoolKey as Buffer,
			);
			// Sealed and stored 5,000 at a time, as answers arrive: the bench never holds the whole pool. The figure is
			// the sealing alone; the inserts (a bench shortcut for a million answers) are not timed.
			const raw = new pg.Client({ connectionString: db.url });
			await raw.connect();
			await raw.query(
				"update invitation set status = 'responded', responded_on = current_date",
			);
			let sealSeconds = 0;
			peakRss = process.memoryUsage().rss;
			startRss = peakRss;
			for (let i = 0; i < size; i += 5000) {
				const t = performance.now();
				const batch: Buffer[] = [];
				for (let j = i; j < Math.min(size, i + 5000); j++)
					batch.push(
						toPool(
							poolKey,
							sealBallot(
								started.campaign.publicKey,
								makeBallot(
									{ key: keyAnswers[j] as string },
									"g",
									grades[j] as string,
								),
							),
						),
					);
				sealSeconds += (performance.now() - t) / 1000;
				await raw.query(
					"insert into sealed_ballot (id, campaign_id, sealed) select gen_random_uuid(), $1::uuid, unnest($2::bytea[])",
					[started.campaign.id, batch],
				);
			}
			await raw.end();
			add(`seal and wrap ${size} ballots`, sealSeconds, size);
			settleMemory();
			const [closed, closeSeconds] = await timed(() => closer.close());
			if (!closed.ok || closed.report.responded !== size)
				throw new Error("close did not tally every ballot");
			add(
				`close: open, tally and report ${size} sealed ballots`,
				closeSeconds,
				size,
			);
		}
		await prisma.$disconnect();
		const submitRate = options["submit-rate"];
		const submitSeconds = options["submit-seconds"];
		if (submitRate > 0 && submitSeconds > 0 && !config.databaseUrl)
			process.stderr.write(
				"bench c (answer submissions) runs the app in a process of its own and needs DATABASE_URL; skipped\n",
			);
		if (submitRate > 0 && submitSeconds > 0 && config.databaseUrl) {
			const sub = await freshDatabase(config.databaseUrl);
			try {
				await migrate(sub.url);
				const [r, seconds] = await timed(() =>
					benchSubmissions({
						databaseUrl: sub.url,
						rate: submitRate,
						seconds: submitSeconds,
						shuffleSize: config.privacy.shuffleSize,
						nodeArgs,
					}),
				);
				figures.push({
					workload: `answer-modal submissions: ${submitRate}/s for ${submitSeconds} s, open loop, signed, each from a different invited person, to the compiled app (node dist/main.js --role=all) in its own process; ack latency in ms at the client`,
					seconds: r.seconds,
					perSecond: r.perSecond,
					peakRssMb: r.appPeakRssMb,
					details: {
						p50Ms: r.ackMs.p50,
						p95Ms: r.ackMs.p95,
						p99Ms: r.ackMs.p99,
						maxMs: r.ackMs.max,
						submissions: r.submissions,
						recorded: r.recorded,
						errors: r.errors,
						ballotsStored: r.ballotsStored,
						appCpuUsPerAnswer: r.appCpuUsPerAnswer,
						dbTransactionsPerAnswer: r.dbTransactionsPerAnswer,
						setupAndTeardownSeconds: +(seconds - r.seconds).toFixed(1),
					},
				});
			} finally {
				await sub.drop();
			}
		}
		const cases = options.fanOutCases;
		if (fanOutSize > 0)
			for (const [label, workspaceLimit, appLimit] of [
				[
					"against a workspace limit of 50/s (429 + Retry-After beyond it)",
					50,
					50,
				],
				["with no workspace limit", undefined, 10_000],
			] as const) {
				if (!cases.includes(workspaceLimit ? "a" : "b")) continue;
				const fan = await freshDatabase(config.databaseUrl);
				try {
					await migrate(fan.url);
					const [r, seconds] = await timed(() =>
						benchFanOut({
							base: config,
							databaseUrl: fan.url,
							size: fanOutSize,
							workspaceLimit,
							appLimit,
						}),
					);
					figures.push({
						workload: `fan-out: ${fanOutSize} invitations ${label}`,
						seconds: r.seconds,
						perSecond: r.perSecond,
						peakRssMb: Math.round(peakRss / 2 ** 20),
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
				} finally {
					await fan.drop();
				}
			}
		const teamsSize = options["teams-fan-out"];
		if (teamsSize > 0) {
			const fan = await freshDatabase(config.databaseUrl);
			try {
				await migrate(fan.url);
				const [r, seconds] = await timed(() =>
					benchTeamsFanOut({
						base: config,
						databaseUrl: fan.url,
						size: teamsSize,
						tenantLimit: 50,
						appLimit: 50,
					}),
				);
				figures.push({
					workload: `Teams fan-out: ${teamsSize} invitations (each a conversation created and a card sent) against a tenant limit of 50 calls/s (429 + Retry-After beyond it), fake Bot Connector in this process`,
					seconds: r.seconds,
					perSecond: r.perSecond,
					peakRssMb: Math.round(peakRss / 2 ** 20),
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
			} finally {
				await fan.drop();
			}
		}
		const teamsStartSize = options["teams-start"];
		if (teamsStartSize > 0) {
			const ts = await freshDatabase(config.databaseUrl);
			try {
				await migrate(ts.url);
				const [r, seconds] = await timed(() =>
					benchTeamsStart({
						base: config,
						databaseUrl: ts.url,
						people: teamsStartSize,
					}),
				);
				figures.push({
					workload: `Teams census start with ${teamsStartSize} people on the roster: typed by an admin in personal chat, through the endpoint (token checked) against the fake Bot Connector in this process; the turn answers "Starting…" and the outcome arrives proactively`,
					seconds: r.completionSeconds,
					perSecond: Math.round(teamsStartSize / r.completionSeconds),
					peakRssMb: Math.round(peakRss / 2 ** 20),
					details: {
						turnSeconds: r.turnSeconds,
						completionSeconds: r.completionSeconds,
						setupAndTeardownSeconds: +(seconds - r.completionSeconds).toFixed(
							1,
						),
					},
				});
			} finally {
				await ts.drop();
			}
		}
		const teamsRate = options["teams-submit-rate"];
		const teamsSeconds = options["submit-seconds"];
		if (teamsRate > 0 && teamsSeconds > 0 && !config.databaseUrl)
			process.stderr.write(
				"bench f (Teams answer cards) runs the app in a process of its own and needs DATABASE_URL; skipped\n",
			);
		if (teamsRate > 0 && teamsSeconds > 0 && config.databaseUrl) {
			const sub = await freshDatabase(config.databaseUrl);
			try {
				await migrate(sub.url);
				const [r, seconds] = await timed(() =>
					benchTeamsAnswers({
						databaseUrl: sub.url,
						rate: teamsRate,
						seconds: teamsSeconds,
						shuffleSize: config.privacy.shuffleSize,
						nodeArgs,
					}),
				);
				figures.push({
					workload: `Teams answer cards: ${teamsRate}/s for ${teamsSeconds} s, the Send button's signed adaptiveCard/action invoke, open loop, each from a different invited person; invoke response latency in ms at the client, to the compiled app (node dist/main.js --role=web) in its own process`,
					seconds: r.seconds,
					perSecond: r.perSecond,
					peakRssMb: Math.round(peakRss / 2 ** 20),
					details: {
						p50Ms: r.invokeMs.p50,
						p95Ms: r.invokeMs.p95,
						p99Ms: r.invokeMs.p99,
						maxMs: r.invokeMs.max,
						submissions: r.submissions,
						recorded: r.recorded,
						errors: r.errors,
						ballotsStored: r.ballotsStored,
						appCpuUsPerAnswer: r.appCpuUsPerAnswer,
						dbTransactionsPerAnswer: r.dbTransactionsPerAnswer,
						setupAndTeardownSeconds: +(seconds - r.seconds).toFixed(1),
					},
				});
			} finally {
				await sub.drop();
			}
		}
		if (options.scaleOut && !config.databaseUrl)
			process.stderr.write(
				"the scale-out case runs five app processes on one PostgreSQL and needs DATABASE_URL; skipped\n",
			);
		if (options.scaleOut && config.databaseUrl) {
			const sub = await freshDatabase(config.databaseUrl);
			try {
				await migrate(sub.url);
				const size = options["scale-out-size"];
				const [r, seconds] = await timed(() =>
					benchScaleOut({
						databaseUrl: sub.url,
						size,
						workspaceLimit: 50,
						answerRate: submitRate,
						answerSeconds: submitSeconds,
					}),
				);
				figures.push({
					workload: `scale-out: web ×2 (round-robin proxy), worker ×2, tally, as compiled processes on one PostgreSQL and Redis; ${size} invitations at a 50/s workspace limit with one worker SIGKILLed half-way, then answer-modal submissions at ${submitRate}/s for ${submitSeconds} s through the proxy`,
					seconds: +seconds.toFixed(1),
					perSecond: r.perSecond,
					peakRssMb: Math.round(peakRss / 2 ** 20),
					details: {
						invitations: r.invitations,
						fanOutSeconds: r.fanOutSeconds,
						percentOfLimit: r.percentOfLimit,
						duplicates: r.duplicates,
						lost: r.lost,
						unknown: r.unknown,
						killedAfter: r.killedAfter,
						deliveredAfterKill: r.deliveredAfterKill,
						answers: r.answers.submissions,
						answersPerSecond: r.answers.perSecond,
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
			} finally {
				await sub.drop();
			}
		}
		const graphSize = options["graph-reach"];
		if (graphSize > 0) {
			const [r] = await timed(() =>
				benchGraphReach({
					redisUrl: config.redisUrl ?? "redis://127.0.0.1:6379",
					size: graphSize,
				}),
			);
			figures.push({
				workload: `Teams reach through Microsoft Graph: ${graphSize} people resolved by email ($batch of 20) and the app installed for those without it (install, installation, chat), against a fake Graph enforcing 30 Teams calls/s and 8,000 directory units/10 s (429 + Retry-After beyond), in this process`,
				seconds: r.seconds,
				perSecond: r.perSecond,
				peakRssMb: Math.round(peakRss / 2 ** 20),
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
		const directoryMembers = options["directory-members"];
		if (directoryMembers > 0) {
			const d = await benchSlackDirectory(directoryMembers);
			figures.push({
				workload: `Slack directory: ${directoryMembers} members by users.list at Tier 2 (pacing in virtual time)`,
				seconds: +d.wallSeconds.toFixed(3),
				perSecond: Math.round(directoryMembers / d.wallSeconds),
				peakRssMb: Math.round(peakRss / 2 ** 20),
				details: {
					tier2Minutes: +d.tier2Minutes.toFixed(1),
					pages: d.pages,
					rateLimited: d.rateLimited,
					limitUsedPercent: +d.limitUsedPercent.toFixed(1),
					found: d.found,
				},
			});
		}
		const out = {
			machine,
			// The machine's load while the bench ran (1, 5 and 15 minute averages at the end): figures from a
			// loaded machine are slower, CPU per item much less so.
			loadAverage: os.loadavg().map((l) => +l.toFixed(1)),
			run: options.quick ? "quick (each case at a tenth of its size)" : "full",
			database: config.databaseUrl ? "postgresql" : "embedded pglite",
			figures,
		};
		await writeFile("bench-results.json", `${JSON.stringify(out, null, 2)}\n`);
		process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
		return 0;
	} finally {
		clearInterval(sampler);
		await rm(dir, { recursive: true, force: true });
		await db.drop();
	}
}

main().then(
	(code) => process.exit(code),
	(err: unknown) => {
		process.stderr.write(`${describeFailure(err)}\n`);
		process.exit(1);
	},
);
