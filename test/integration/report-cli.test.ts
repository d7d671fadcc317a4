import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CampaignCloser } from "../../src/domain/campaigns/campaign-closer.js";
import { CensusService } from "../../src/domain/campaigns/census-service.js";
import { asEmployeeId } from "../../src/domain/ids.js";
import type { CampaignReport } from "../../src/domain/reporting/campaign-report.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { CensusRepository } from "../../src/storage/census-repository.js";
import { migrate } from "../../src/storage/migrator.js";
import {
	createPrismaClient,
	type PrismaClient,
} from "../../src/storage/prisma-client.js";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";

const run = promisify(execFile);
const answers = [
	"occ_professional",
	"occ_manager",
	"occ_clerical",
	"occ_routine",
	"occ_technical",
	"occ_pnts",
];

/** Runs `npm run report` as a user would; returns the exit code and output. */
async function report(url: string, args: string[]) {
	try {
		const { stdout, stderr } = await run(
			process.execPath,
			["--import", "tsx", "src/cli/report.ts", ...args],
			{
				env: { PATH: process.env.PATH ?? "", DATABASE_URL: url },
			},
		);
		return { code: 0, stdout, stderr };
	} catch (err) {
		const e = err as { code: number; stdout: string; stderr: string };
		return { code: e.code, stdout: e.stdout, stderr: e.stderr };
	}
}

describe("npm run report", () => {
	let db: TestDatabase;
	let prisma: PrismaClient;
	let posted: CampaignReport;
	let campaignId: string;

	beforeAll(async () => {
		db = await createTestDatabase("report");
		await migrate(db.url);
		const raw = new pg.Client({ connectionString: db.url });
		await raw.connect();
		await raw.query(
			`insert into employee (id, email, department, grade, slack_user_id, updated_at)
			 select gen_random_uuid(), 'r' || i || '@example.org', 'Dept', 'G1', 'UR' || i, now() from generate_series(1, 90) as i`,
		);
		await raw.end();
		prisma = createPrismaClient(db.url, 2);
		const store = new CensusRepository(prisma);
		const custody = ephemeralCustody();
		const service = new CensusService(
			store,
			{ now: () => new Date() },
			custody.serving,
			{
				minCellSize: 10,
				minGroupHeadcount: 20,
				shuffleSize: 10,
				retentionDays: 30,
			},
		);
		const started = await service.start(
			{
				name: 'Census "2026", final',
				closesOn: "2099-01-01",
				channel: "#leadership",
				targetRate: 70,
				questions: ["key"],
			},
			"U1",
			undefined,
			// Started by an admin who reads Welsh: the campaign's language.
			"cy",
		);
		if (!started.ok) throw new Error("not started");
		campaignId = started.campaign.id;
		const employees = await prisma.employee.findMany({
			orderBy: { email: "asc" },
		});
		for (const [i, e] of employees.slice(0, 80).entries()) {
			const p = await store.findParticipant(
				started.campaign.id,
				asEmployeeId(e.id),
			);
			if (!p) throw new Error("no participant");
			await service.answer(started.campaign, p, {
				key: answers[i % answers.length],
			});
		}
		const closed = await new CampaignCloser(
			store,
			{ now: () => new Date() },
			custody.tally,
		).close();
		if (!closed.ok) throw new Error("not closed");
		posted = closed.report;
	}, 60_000);

	afterAll(async () => {
		await prisma?.$disconnect();
		await db?.drop();
	});

	it("prints exactly the report that was posted, as JSON", async () => {
		const out = await report(db.url, [
			"--campaign",
			campaignId,
			"--format",
			"json",
		]);
		expect(out.code).toBe(0);
		expect(JSON.parse(out.stdout)).toEqual(posted);
		expect(posted.responded).toBe(80);
	}, 30_000);

	it("prints the same numbers as CSV, quoting where needed", async () => {
		const out = await report(db.url, [
			"--campaign",
			campaignId,
			"--format",
			"csv",
		]);
		expect(out.code).toBe(0);
		const rows = parse(out.stdout, { columns: true }) as Record<
			string,
			string
		>[];
		expect(Object.keys(rows[0] ?? {})).toEqual([
			"section",
			"row",
			"column",
			"value",
			"benchmark",
			"note",
		]);
		// The name with quotes and a comma survives the round trip.
		expect(rows.find((r) => r.column === "campaign_name")?.value).toBe(
			'Census "2026", final',
		);
		for (const g of posted.groups)
			expect(
				rows.find((r) => r.section === "organisation" && r.row === g.group),
			).toMatchObject({
				value: g.percent === null ? "[c]" : String(g.percent),
				benchmark: String(g.benchmarkPercent),
			});
	}, 30_000);

	it("lists campaigns without --campaign, and explains bad input without a stack trace", async () => {
		const list = await report(db.url, []);
		expect(list.code).toBe(0);
		expect(list.stdout).toMatch(
			new RegExp(
				`^1 campaign, newest first:\n${campaignId}  closed  Census "2026", final  \\(started \\d{1,2} \\w+ \\d{4}, closed \\d{1,2} \\w+ \\d{4}, not posted yet\\)\n`,
			),
		);
		const unknown = await report(db.url, [
			"--campaign",
			"00000000-0000-4000-8000-000000000000",
		]);
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toMatch(/No campaign has the id/);
		const format = await report(db.url, [
			"--campaign",
			campaignId,
			"--format",
			"xml",
		]);
		expect(format.code).toBe(2);
		expect(format.stderr).toMatch(/--format must be json, csv or markdown/);
		expect(list.stderr).toBe("");
		for (const o of [list, unknown, format])
			expect(o.stderr).not.toMatch(/\n\s+at /);
	}, 60_000);

	it("writes the report as markdown in the campaign's language, or in the one --language names", async () => {
		const args = ["--campaign", campaignId, "--format", "markdown"];
		const welsh = await report(db.url, args);
		expect(welsh.code).toBe(0);
		expect(welsh.stdout).toMatch(/^# Census "2026", final: canlyniadau\n/);
		expect(welsh.stdout).not.toContain(": results");
		const english = await report(db.url, [...args, "--language", "en-GB"]);
		expect(english.code).toBe(0);
		expect(english.stdout).toMatch(/^# Census "2026", final: results\n/);
		// A regional tag is served by its language's catalogue.
		const cyGb = await report(db.url, [...args, "--language", "cy-GB"]);
		expect(cyGb.stdout).toBe(welsh.stdout);
	}, 60_000);

	it("refuses a language it does not ship, naming the ones it does, and says so in --help", async () => {
		const french = await report(db.url, [
			"--campaign",
			campaignId,
			"--format",
			"markdown",
			"--language",
			"fr",
		]);
		expect(french.code).toBe(2);
		expect(french.stdout).toBe("");
		expect(french.stderr).toBe(
			'--language "fr" is not a language the report can be written in; shipped: en-GB, cy\n',
		);
		const help = await report(db.url, ["--help"]);
		expect(help.code).toBe(0);
		expect(help.stdout).toContain("--language TAG");
		expect(help.stdout).toContain("(en-GB, cy)");
	}, 60_000);
});
