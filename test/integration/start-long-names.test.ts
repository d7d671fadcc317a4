import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { CensusService } from "../../src/domain/campaigns/census-service.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { CensusRepository } from "../../src/storage/census-repository.js";
import { migrate } from "../../src/storage/migrator.js";
import {
	createPrismaClient,
	type PrismaClient,
} from "../../src/storage/prisma-client.js";
import { RosterRepository } from "../../src/storage/roster-repository.js";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";

/** A roster imported before names were checked: `start` must refuse it rather than open a census nobody can answer. */
describe("start with names too long to seal", () => {
	let db: TestDatabase;
	let prisma: PrismaClient;
	let service: CensusService;
	const long = "財".repeat(100);
	const args = {
		name: "Census",
		closesOn: "2099-01-01",
		channel: "#leadership",
		targetRate: 70,
		questions: ["key", "school", "fsm", "parents_degree"] as const,
	};

	beforeAll(async () => {
		db = await createTestDatabase("longnames");
		await migrate(db.url);
		prisma = createPrismaClient(db.url, 2);
		service = new CensusService(
			new CensusRepository(prisma),
			{ now: () => new Date() },
			ephemeralCustody().serving,
			{ ...loadConfig({}).privacy, minGroupHeadcount: 5 },
		);
		const people = (
			department: string,
			grade: string,
			n: number,
			from: number,
		) =>
			Array.from({ length: n }, (_, i) => ({
				email: `p${from + i}@example.org`,
				department,
				grade,
			}));
		await new RosterRepository(prisma).importRows(
			[
				...people("Policy", "Grade 7", 10, 0),
				...people(long, long, 10, 10),
			].map((row, i) => ({ line: i + 2, row })),
		);
	});
	afterAll(async () => {
		await prisma?.$disconnect();
		await db?.drop();
	});

	it("refuses, naming the group and grade (shortened), and opens nothing", async () => {
		const result = await service.start(
			{ ...args, questions: [...args.questions] },
			"U1",
		);
		expect(result).toEqual({
			ok: false,
			reason: "names-too-long",
			names: [`${"財".repeat(39)}… / ${"財".repeat(39)}…`],
		});
		expect(await service.currentCampaign()).toBeNull();
	});
});
