import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CampaignCloser } from "../../src/domain/campaigns/campaign-closer.js";
import { CensusService } from "../../src/domain/campaigns/census-service.js";
import type { StartArguments } from "../../src/domain/campaigns/parse-start-arguments.js";
import { asEmployeeId } from "../../src/domain/ids.js";
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

const args: StartArguments = {
	name: "Census",
	closesOn: "2099-01-01",
	channel: "#leadership",
	targetRate: 70,
	questions: ["key"],
};
const answers = ["occ_professional", "occ_clerical", "occ_routine"];

/** Two censuses of the same organisation through the real service and database (grade order, R8 across reports). */
describe("grade order and the release ledger across campaigns", () => {
	let db: TestDatabase;
	let prisma: PrismaClient;
	let service: CensusService;
	let closer: CampaignCloser;
	let store: CensusRepository;

	async function runCampaign(name: string, respondents: number) {
		const started = await service.start({ ...args, name }, "U1");
		if (!started.ok) throw new Error(`not started: ${started.reason}`);
		const people = await prisma.employee.findMany({
			orderBy: { email: "asc" },
		});
		for (const [i, e] of people.slice(0, respondents).entries()) {
			const p = await store.findParticipant(
				started.campaign.id,
				asEmployeeId(e.id),
			);
			if (!p) throw new Error("no participant");
			await service.answer(started.campaign, p, { key: answers[i % 3] });
		}
		const closed = await closer.close();
		if (!closed.ok) throw new Error("not closed");
		return { campaign: started.campaign, report: closed.report };
	}

	beforeAll(async () => {
		db = await createTestDatabase("release");
		await migrate(db.url);
		const raw = new pg.Client({ connectionString: db.url });
		await raw.connect();
		// Two departments of 60 over grades named so that sorting by name alone would be wrong.
		await raw.query(
			`insert into employee (id, email, department, grade, slack_user_id, updated_at)
			 select gen_random_uuid(), 'p' || lpad(i::text, 3, '0') || '@example.org',
			        case when i % 2 = 0 then 'Engineering' else 'Sales' end,
			        case when i % 3 = 0 then 'Band 10' when i % 3 = 1 then 'Band 9' else 'Band 2' end, 'UP' || i, now()
			 from generate_series(1, 120) as i`,
		);
		await raw.end();
		prisma = createPrismaClient(db.url, 2);
		store = new CensusRepository(prisma);
		const custody = ephemeralCustody();
		closer = new CampaignCloser(
			store,
			{ now: () => new Date() },
			custody.tally,
		);
		service = new CensusService(
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
	}, 60_000);

	afterAll(async () => {
		await prisma?.$disconnect();
		await db?.drop();
	});

	it("refuses a grade list that leaves out a roster grade, naming it", async () => {
		const result = await service.start(
			{ ...args, grades: ["Band 2", "Band 9"] },
			"U1",
		);
		expect(result).toEqual({
			ok: false,
			reason: "unknown-grades",
			grades: ["Band 10"],
		});
		expect(await prisma.campaign.count()).toBe(0);
	});

	it("freezes the roster's grades in natural order, and the report follows it", async () => {
		const first = await runCampaign("Census 2026", 120);
		expect(first.campaign.gradeOrder).toEqual(["Band 2", "Band 9", "Band 10"]);
		expect(first.report.byGrade.rows.map((r) => r.name)).toEqual([
			"Band 2",
			"Band 9",
			"Band 10",
		]);
		expect(
			first.report.byGroup.rows.find((r) => r.name === "Engineering")?.status,
		).toBe("shown");
		const releases = await store.listReleases("report");
		expect(releases).toHaveLength(1);
		expect(releases[0]?.counts["group:Engineering"]).toBe(60);
	});

	it("withholds a department whose answers moved by fewer than k since the last report (S4)", async () => {
		// Four fewer respondents: Engineering and Sales each lose two, which a reader could otherwise subtract.
		const second = await runCampaign("Census 2027", 116);
		const eng = second.report.byGroup.rows.find(
			(r) => r.name === "Engineering",
		);
		expect(eng?.status).toBe("hidden");
		expect(second.report.byGroup.footnotes.join(" ")).toMatch(
			/changed by fewer than 10/,
		);
		expect(await store.listReleases("report")).toHaveLength(2);
	});
});
