import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRosterImport } from "../../src/cli/roster-import.js";
import { tallyKey } from "../../src/cli/tally-key.js";
import { runDrive } from "../../src/demo/run-drive.js";
import {
	slackAdminConsole,
	slackEmployees,
} from "../../src/demo/slack-drive-parts.js";
import {
	generateOrganisation,
	rosterCsv,
} from "../../src/demo/synthetic-organisation.js";
import type { CampaignReport } from "../../src/domain/reporting/campaign-report.js";
import { FakeSlackApi } from "../../src/sim/fake-slack-api.js";
import { SlackUserSimulator } from "../../src/sim/slack-user-simulator.js";
import { CensusRepository } from "../../src/storage/census-repository.js";
import { migrate } from "../../src/storage/migrator.js";
import {
	createPrismaClient,
	type PrismaClient,
} from "../../src/storage/prisma-client.js";
import { AppProcess } from "../support/app-process.js";
import {
	createTestDatabase,
	dropTestRedisPrefix,
	type TestDatabase,
	testRedisPrefix,
	testRedisUrl,
} from "../support/test-database.js";

const sink = { write: () => true } as unknown as NodeJS.WritableStream;

/** The environment a process was started with, as the kernel keeps it (what an operator's `ps e` would show). */
async function environmentOf(app: AppProcess): Promise<string> {
	return (await readFile(`/proc/${app.child.pid}/environ`)).toString("latin1");
}

/**
 * The deployment the README recommends: web, worker and tally as three processes on one PostgreSQL and Redis.
 * Only the tally process holds the tally key; the web process hands `/census close` to it.
 */
describe("a census drive with web, worker and tally as separate processes", () => {
	let db: TestDatabase;
	let fake: FakeSlackApi;
	let prisma: PrismaClient;
	let dir: string;
	const apps: AppProcess[] = [];
	let web: AppProcess;
	let worker: AppProcess;
	let tally: AppProcess;
	let report: CampaignReport;
	const redisPrefix = testRedisPrefix("threeproc");
	let answered: number;
	let shared: Record<string, string>;
	const admin = "U1000000";
	const signingSecret = randomBytes(16).toString("hex");

	beforeAll(async () => {
		db = await createTestDatabase("threeproc");
		await migrate(db.url);
		fake = await FakeSlackApi.start({ botToken: "xoxb-three" });
		dir = await mkdtemp(path.join(os.tmpdir(), "census-three-"));
		const people = generateOrganisation(40, 9);
		const csv = path.join(dir, "people.csv");
		await writeFile(csv, rosterCsv(people));
		expect(
			await runRosterImport({
				file: csv,
				dryRun: false,
				databaseUrl: db.url,
				out: sink,
				progress: false,
			}),
		).toBe(0);
		const keyFile = path.join(dir, "tally-key.json");
		expect(
			await tallyKey(["new", "--file", keyFile], sink, {
				DATABASE_URL: db.url,
			}),
		).toBe(0);
		shared = {
			DATABASE_URL: db.url,
			REDIS_URL: testRedisUrl,
			CENSUS_REDIS_PREFIX: redisPrefix,
			CENSUS_SEALING_SECRET: randomBytes(32).toString("hex"),
			CENSUS_DATA_DIR: dir,
			CENSUS_WORKING_HOURS: "00:00-24:00,mon-sun",
			PORT: "0",
		};
		const slack = {
			SLACK_BOT_TOKEN: "xoxb-three",
			SLACK_SIGNING_SECRET: signingSecret,
			SLACK_API_URL: fake.apiUrl,
			SLACK_MESSAGES_PER_SECOND: "500",
			CENSUS_ADMINS: admin,
		};
		tally = await AppProcess.start("tally", {
			...shared,
			CENSUS_TALLY_KEY_FILE: keyFile,
		});
		apps.push(tally);
		worker = await AppProcess.start("worker", { ...shared, ...slack });
		apps.push(worker);
		web = await AppProcess.start("web", { ...shared, ...slack });
		apps.push(web);

		prisma = createPrismaClient(db.url, 2);
		const sim = new SlackUserSimulator({
			appUrl: `http://127.0.0.1:${web.port}`,
			signingSecret,
			fake,
		});
		const result = await runDrive({
			runtime: { prisma, store: new CensusRepository(prisma) },
			admin: slackAdminConsole(fake, sim, admin),
			employees: { slack: slackEmployees(fake, sim) },
			people,
			questions: ["key", "school"],
			closesOn: new Date(Date.now() + 7 * 86_400_000)
				.toISOString()
				.slice(0, 10),
		});
		report = result.report;
		answered = result.answered;
	}, 180_000);

	afterAll(async () => {
		for (const app of apps) await app.kill();
		await dropTestRedisPrefix(redisPrefix);
		await prisma?.$disconnect();
		await fake?.close();
		await db?.drop();
		await rm(dir, { recursive: true, force: true });
	});

	it("completes: the tally process closed it and the report counts every answer", () => {
		expect(answered).toBeGreaterThan(20);
		expect(report.responded).toBe(answered);
		expect(tally.output.join("")).toContain("campaign closed and tallied");
		expect(web.output.join("")).not.toContain("campaign closed and tallied");
	});

	it("gives the web and worker processes no tally key, and the tally process one", async () => {
		for (const app of [web, worker])
			expect(await environmentOf(app)).not.toContain("CENSUS_TALLY_KEY");
		expect(await environmentOf(tally)).toContain("CENSUS_TALLY_KEY_FILE=");
	});

	it("refuses to start a web or worker process that is handed the tally key", async () => {
		for (const role of ["web", "worker"] as const) {
			const refused = await AppProcess.refused(role, {
				...shared,
				CENSUS_TALLY_KEY: "anything",
			});
			expect(refused.code).toBe(2);
			expect(refused.output).toMatch(
				/set for a process without the tally role: remove it/,
			);
		}
	}, 60_000);
});
