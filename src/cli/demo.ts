import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { type Config, ConfigError, loadConfig } from "../config.js";
import { demoLogger } from "../demo/demo-logger.js";
import { type DriveResult, runDrive } from "../demo/run-drive.js";
import {
	slackAdminConsole,
	slackEmployees,
} from "../demo/slack-drive-parts.js";
import {
	generateOrganisation,
	rosterCsv,
	type SyntheticEmployee,
} from "../demo/synthetic-organisation.js";
import {
	teamsAdminConsole,
	teamsEmployees,
	teamsUserOf,
} from "../demo/teams-drive-parts.js";
import type { CampaignReport } from "../domain/reporting/campaign-report.js";
import { ephemeralCustody } from "../keys/ephemeral-custody.js";
import { renderChartPng } from "../reports/render-chart-png.js";
import { renderReportMarkdown } from "../reports/render-report-markdown.js";
import { FakeBotConnector } from "../sim/fake-bot-connector.js";
import { FakeSlackApi } from "../sim/fake-slack-api.js";
import { SlackUserSimulator } from "../sim/slack-user-simulator.js";
import { TeamsActivitySender } from "../sim/teams-activity-sender.js";
import { type CensusRuntime, startCensus } from "../start-census.js";
import { runRosterImport } from "./roster-import.js";

const help = `Usage: npm run demo [-- --people N --platform slack|teams|both --out DIR --verbose]

Runs a whole census drive of a synthetic organisation through the real bot, job queue and database,
against built-in fakes: a Slack workspace, and for Teams a Bot Connector with signed activities.
No accounts or configuration needed.
  --platform slack   everyone on Slack (default)
  --platform teams   everyone on Teams; the admin runs "census …" in the bot's personal chat
  --platform both    every other person on Teams: one campaign, one combined report
  --verbose          also print the bot's own log lines (JSON, on stderr)
Writes report.md, report.json and chart.png to the output folder (default ./census-output).`;

const platformChoices = ["slack", "teams", "both"] as const;

/** The demo's Teams app and its leadership channel (Teams-only drives post there). */
const demoTeamsApp = {
	appId: "00000000-0000-4000-8000-0000000de770",
	tenantId: "00000000-0000-4000-8000-0000000de771",
};
const demoTeamsChannel = "19:leadership0demo@thread.tacv2";

function bar(done: number, total: number): string {
	const width = 30;
	const filled = total === 0 ? width : Math.round((width * done) / total);
	return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`;
}

type DemoOptions = {
	size: number;
	platform: (typeof platformChoices)[number];
	out: string;
	verbose: boolean;
};

/** The command line as options, or the exit code when it asks for help or is wrong. */
function parseDemoArgs(): DemoOptions | number {
	const { values } = parseArgs({
		options: {
			people: { type: "string", default: "500" },
			out: { type: "string", default: "census-output" },
			platform: { type: "string", default: "slack" },
			verbose: { type: "boolean", default: false },
			help: { type: "boolean", short: "h" },
		},
	});
	if (values.help) {
		process.stdout.write(`${help}\n`);
		return 0;
	}
	const platform = platformChoices.find((p) => p === values.platform);
	if (!platform) {
		process.stderr.write("--platform must be slack, teams or both\n");
		return 2;
	}
	const size = Number(values.people);
	if (!Number.isInteger(size) || size < 20 || size > 20_000) {
		process.stderr.write("--people must be a whole number from 20 to 20000\n");
		return 2;
	}
	return {
		size,
		platform,
		out: values.out ?? "census-output",
		verbose: values.verbose ?? false,
	};
}

/** The fakes the demo's bot talks to: a Slack workspace always, a Bot Connector when anyone is on Teams. */
type DemoFakes = {
	fake: FakeSlackApi;
	connector: FakeBotConnector | undefined;
	signingSecret: string;
	botToken: string;
	teamsToken: string;
};

async function startFakes(
	platform: DemoOptions["platform"],
): Promise<DemoFakes> {
	const signingSecret = randomBytes(16).toString("hex");
	const botToken = "xoxb-demo-token";
	const fake = await FakeSlackApi.start({ botToken });
	const teamsToken = "teams-demo-token";
	const connector =
		platform === "slack"
			? undefined
			: await FakeBotConnector.start({ acceptToken: teamsToken });
	return { fake, connector, signingSecret, botToken, teamsToken };
}

/** The bot with every role, an embedded database and in-memory keys, wired to the fakes. */
function startDemoBot(
	base: Config,
	fakes: DemoFakes,
	admin: SyntheticEmployee,
	redisPrefix: string,
	verbose: boolean,
): Promise<CensusRuntime> {
	const { fake, connector, signingSecret, botToken, teamsToken } = fakes;
	// The demo keeps nothing (its database is in memory), so its keys are made in memory too.
	const custody = ephemeralCustody();
	return startCensus(
		{
			...base,
			port: 0,
			databaseUrl: undefined,
			sealingSecret: custody.sealingSecret,
			tallyKey: { inline: custody.tallyKeyText },
			slack: {
				botToken,
				signingSecret,
				appToken: undefined,
				apiUrl: fake.apiUrl,
				// The built-in fake workspace sets no limit; a real one would use the default of 5.
				messagesPerSecond: 500,
			},
			teams: connector
				? {
						mode: "authenticated",
						appId: demoTeamsApp.appId,
						appPassword: "unused",
						tenantId: demoTeamsApp.tenantId,
						openIdMetadataUrl: connector.openIdMetadataUrl,
						serviceUrl: connector.serviceUrl,
						messagesPerSecond: 50,
					}
				: undefined,
			admins: [
				(admin.platform === "slack"
					? admin.slackUserId
					: admin.teamsUserId
				).toLowerCase(),
			],
		},
		{
			roles: ["web", "worker", "tally"],
			host: "127.0.0.1",
			ephemeralDatabase: true,
			redisPrefix,
			// The bot's log is for operators: the demo speaks for itself unless asked (failures still end the demo
			// with a sentence of their own).
			logger: demoLogger(verbose),
			renderChart: renderChartPng,
			// Any hour, any day: a test or demo run must not wait for someone's morning.
			settings: { ...base.privacy, workingHours: "00:00-24:00,mon-sun" },
			...(connector ? { teamsOutboundToken: async () => teamsToken } : {}),
		},
	);
}

/** Imports the synthetic roster through the real import command, as an admin would. */
async function importDemoRoster(
	runtime: CensusRuntime,
	workDir: string,
	people: readonly SyntheticEmployee[],
): Promise<void> {
	const csv = path.join(workDir, "roster.csv");
	await writeFile(csv, rosterCsv(people));
	const sink = { write: () => true } as unknown as NodeJS.WritableStream;
	const imported = await runRosterImport({
		file: csv,
		dryRun: false,
		databaseUrl: runtime.databaseUrl,
		out: sink,
		progress: false,
	});
	if (imported !== 0) throw new Error("the roster import failed");
}

/** Runs the drive: the admin where they work, everyone answering on their own platform. */
async function driveDemo(
	runtime: CensusRuntime,
	fakes: DemoFakes,
	admin: SyntheticEmployee,
	people: readonly SyntheticEmployee[],
	progress: (label: string, done: number, total: number) => void,
): Promise<{ result: DriveResult; adminChannel: string }> {
	const { fake, connector, signingSecret } = fakes;
	const closesOn = new Date(Date.now() + 14 * 86_400_000)
		.toISOString()
		.slice(0, 10);
	const sim = new SlackUserSimulator({
		appUrl: runtime.url,
		signingSecret,
		fake,
	});
	const teams = connector
		? {
				connector,
				sender: new TeamsActivitySender({
					messagesUrl: `${runtime.url}/api/messages`,
					appId: demoTeamsApp.appId,
					signer: connector.signer,
				}),
				ctx: {
					serviceUrl: connector.serviceUrl,
					tenantId: demoTeamsApp.tenantId,
					appId: demoTeamsApp.appId,
				},
			}
		: undefined;
	// The D&I lead works where they are: in Slack when they are on Slack, else in Teams, posting to a
	// channel there.
	const console =
		admin.platform === "slack" || !teams
			? slackAdminConsole(fake, sim, admin.slackUserId)
			: teamsAdminConsole({
					...teams,
					admin: teamsUserOf(admin),
					channel: demoTeamsChannel,
				});
	const result = await runDrive({
		runtime,
		admin: console,
		employees: {
			slack: slackEmployees(fake, sim),
			...(teams ? { teams: teamsEmployees(teams) } : {}),
		},
		people,
		questions: ["key", "school", "fsm", "parents_degree"],
		closesOn,
		onProgress: (stage, done, total) =>
			progress(
				stage === "invite" ? "invitations sent" : "employees responding",
				done,
				total,
			),
	});
	return { result, adminChannel: console.channel };
}

/** Writes report.md, report.json and chart.png into `outDir`. */
async function writeReportFiles(
	outDir: string,
	report: CampaignReport,
): Promise<void> {
	await mkdir(outDir, { recursive: true });
	await writeFile(
		path.join(outDir, "report.json"),
		`${JSON.stringify(report, null, 2)}\n`,
	);
	await writeFile(path.join(outDir, "report.md"), renderReportMarkdown(report));
	await writeFile(path.join(outDir, "chart.png"), renderChartPng(report));
}

/** Where the report was posted, and its headline numbers and takeaways. */
function sayOutcome(
	say: (line: string) => void,
	fakes: DemoFakes,
	adminChannel: string,
	report: CampaignReport,
): void {
	if (adminChannel === demoTeamsChannel) {
		const posted = (fakes.connector?.delivered("send") ?? []).filter(
			(c) => c.conversationId === demoTeamsChannel,
		).length;
		say(
			`  report card posted to the Teams channel ${demoTeamsChannel} (${posted} message, chart inline)`,
		);
	} else {
		const posted = fakes.fake.messagesTo("#leadership").length;
		say(
			`  report posted to #leadership in Slack (${posted} message, ${fakes.fake.uploadedFiles().length} chart upload)`,
		);
	}
	say("");
	for (const g of report.groups) {
		say(
			`  ${g.label.padEnd(26)} ${g.percent === null ? "[c]" : `${g.percent}%`.padStart(4)}   UK workforce ${g.benchmarkPercent}%`,
		);
	}
	say(
		`  Response rate ${report.responseRatePercent}% (${report.responded} of ${report.invited})`,
	);
	say(`  ${report.progression.sentence}`);
	say("");
	report.takeaways.forEach((t, i) => {
		say(`  ${i + 1}. ${t}`);
	});
	say("");
}

/** Stops the bot and the fakes, and removes the work folder and the demo's Redis keys. */
async function cleanUp(
	runtime: CensusRuntime,
	fakes: DemoFakes,
	workDir: string,
	redisPrefix: string,
): Promise<void> {
	for (const q of [runtime.deliveries, runtime.teamsDeliveries])
		await q?.queue.obliterate({ force: true }).catch(() => undefined);
	await runtime.stop();
	await fakes.fake.close();
	await fakes.connector?.close();
	await rm(workDir, { recursive: true, force: true });
	const leftovers = new Redis(runtime.redisUrl, { lazyConnect: true });
	await leftovers.connect().catch(() => undefined);
	const keys = await leftovers
		.keys(`${redisPrefix}:*`)
		.catch(() => [] as string[]);
	if (keys.length > 0) await leftovers.del(...keys).catch(() => undefined);
	leftovers.disconnect();
}

async function demo(): Promise<number> {
	const options = parseDemoArgs();
	if (typeof options === "number") return options;
	const { size, platform } = options;
	const began = Date.now();
	const say = (line: string) => process.stdout.write(`${line}\n`);
	const tty = process.stdout.isTTY;
	const progress = (label: string, done: number, total: number) => {
		if (tty)
			process.stdout.write(
				`\r  ${label.padEnd(22)} ${bar(done, total)}${done === total ? "\n" : ""}`,
			);
		else if (done === total) say(`  ${label.padEnd(22)} ${done}/${total}`);
	};

	const people = generateOrganisation(size, 2026, platform);
	const admin = people[0];
	if (!admin) return 2;
	const base = loadConfig();
	const fakes = await startFakes(platform);
	const redisPrefix = `census-demo-${randomBytes(4).toString("hex")}`;
	const workDir = await mkdtemp(path.join(os.tmpdir(), "census-demo-"));
	const onTeams = people.filter((p) => p.platform === "teams").length;
	say(
		`census-bot demo: ${size} synthetic employees, ${new Set(people.map((p) => p.department)).size} departments, 5 grades; ${size - onTeams} on Slack, ${onTeams} on Teams`,
	);
	const runtime = await startDemoBot(
		base,
		fakes,
		admin,
		redisPrefix,
		options.verbose,
	);
	try {
		say(
			`  started the bot on ${runtime.url} (embedded database, Redis ${runtime.redisUrl}, fake Slack ${fakes.fake.apiUrl}${fakes.connector ? `, fake Bot Connector ${fakes.connector.serviceUrl}` : ""})`,
		);
		await importDemoRoster(runtime, workDir, people);
		say(`  imported the roster (${size} people)`);
		const { result, adminChannel } = await driveDemo(
			runtime,
			fakes,
			admin,
			people,
			progress,
		);
		say(
			`  ${result.answered} answered, ${result.optedOut} opted out, ${size - result.answered - result.unanswered - result.optedOut} ignored the invitation${result.unanswered > 0 ? `, ${result.unanswered} were told the bot was busy three times and gave up` : ""}`,
		);
		say(`  status: ${result.statusText.split("\n")[0]}`);
		await writeReportFiles(path.resolve(options.out), result.report);
		sayOutcome(say, fakes, adminChannel, result.report);
		say(
			`Wrote ${path.join(options.out, "report.md")}, report.json and chart.png in ${((Date.now() - began) / 1000).toFixed(1)} s.`,
		);
		return 0;
	} finally {
		await cleanUp(runtime, fakes, workDir, redisPrefix);
	}
}

demo().then(
	(code) => process.exit(code),
	(err: unknown) => {
		const msg =
			err instanceof ConfigError
				? err.message
				: `The demo failed: ${err instanceof Error ? err.message : String(err)}`;
		process.stderr.write(`${msg}\n`);
		process.exit(1);
	},
);
