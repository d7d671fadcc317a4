import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TeamsConversation } from "../../src/domain/roster/teams-conversation-store.js";
import { migrate } from "../../src/storage/migrator.js";
import {
	createPrismaClient,
	type PrismaClient,
	pgPoolOf,
} from "../../src/storage/prisma-client.js";
import { TeamsConversationRepository } from "../../src/storage/teams-conversation-repository.js";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";

const ada: TeamsConversation = {
	userId: "29:ada",
	aadObjectId: "00000000-0000-0000-0000-00000000ada1",
	tenantId: "tenant-1",
	conversationId: "a:ada-personal",
	serviceUrl: "https://smba.example/uk/",
	reference: { conversation: { id: "a:ada-personal" }, channelId: "msteams" },
};

describe("TeamsConversationRepository", () => {
	let db: TestDatabase;
	let prisma: PrismaClient;
	let repo: TeamsConversationRepository;
	const version = async (userId: string) =>
		(
			await prisma.$queryRawUnsafe<{ xmin: string }[]>(
				"select xmin::text from teams_conversation where user_id = $1",
				userId,
			)
		)[0]?.xmin;

	beforeAll(async () => {
		db = await createTestDatabase("teamsconv");
		await migrate(db.url);
		prisma = createPrismaClient(db.url, 2);
		repo = new TeamsConversationRepository(pgPoolOf(prisma));
	});
	afterAll(async () => {
		await prisma?.$disconnect();
		await db?.drop();
	});

	it("finds a saved conversation by the bot-scoped id or the Entra object id", async () => {
		await repo.save(ada);
		expect(await repo.findByTeamsUserId("29:ada")).toEqual(ada);
		expect(await repo.findByTeamsUserId(ada.aadObjectId ?? "")).toEqual(ada);
		expect(await repo.findByTeamsUserId("29:nobody")).toBeNull();
	});

	it("finds in one read the conversations of several ids and whoever holds a conversation, through indexes", async () => {
		await repo.save(ada);
		const grace: TeamsConversation = {
			...ada,
			userId: "29:grace",
			aadObjectId: "00000000-0000-0000-0000-0000000064ace",
			conversationId: "a:grace-personal",
		};
		await repo.save(grace);
		const ids = (rows: TeamsConversation[]) => rows.map((r) => r.userId).sort();
		expect(
			await repo.findByTeamsUserIdsOrConversation(["29:ada"], "a:nobody"),
		).toEqual([ada]);
		expect(
			ids(
				await repo.findByTeamsUserIdsOrConversation(
					["29:nobody", grace.aadObjectId ?? ""],
					"a:ada-personal",
				),
			),
		).toEqual(["29:ada", "29:grace"]);
		expect(
			await repo.findByTeamsUserIdsOrConversation(["29:nobody"], "a:nobody"),
		).toEqual([]);
		const indexes = await prisma.$queryRawUnsafe<{ indexdef: string }[]>(
			"select indexdef from pg_indexes where tablename = 'teams_conversation'",
		);
		expect(indexes.some((i) => /\(conversation_id\)/.test(i.indexdef))).toBe(
			true,
		);
	});

	it("writes nothing when the reference is unchanged, and replaces it when it moves", async () => {
		await repo.save(ada);
		const before = await version("29:ada");
		await repo.save({ ...ada });
		expect(await version("29:ada")).toBe(before);
		const moved = {
			...ada,
			serviceUrl: "https://smba.example/emea/",
			reference: { ...ada.reference, serviceUrl: "https://smba.example/emea/" },
		};
		await repo.save(moved);
		expect(await version("29:ada")).not.toBe(before);
		expect(await repo.findByTeamsUserId("29:ada")).toEqual(moved);
	});

	it("keeps one row per Entra object id", async () => {
		await repo.save({ ...ada, userId: "29:ada-new" });
		expect((await repo.findByTeamsUserId(ada.aadObjectId ?? ""))?.userId).toBe(
			"29:ada-new",
		);
		expect(await repo.findByTeamsUserId("29:ada")).toBeNull();
		await repo.save({ ...ada, userId: "29:grace", aadObjectId: null });
		expect((await repo.findByTeamsUserId("29:grace"))?.aadObjectId).toBeNull();
	});

	it("saves the same first contact arriving ten times at once (60 people) once, without an error", async () => {
		// As many connections as copies, so that the inserts really run side by side.
		const wide = createPrismaClient(db.url, 10);
		const wideRepo = new TeamsConversationRepository(pgPoolOf(wide));
		try {
			for (let k = 0; k < 60; k++) {
				const c: TeamsConversation = {
					...ada,
					userId: `29:twin${k}`,
					aadObjectId: `00000000-0000-0000-0000-0000000070${String(k).padStart(2, "0")}`,
					conversationId: `a:twin${k}`,
				};
				const saved = await Promise.allSettled(
					Array.from({ length: 10 }, () => wideRepo.save(c)),
				);
				expect(saved.filter((s) => s.status === "rejected")).toEqual([]);
				expect(await repo.findByTeamsUserId(c.userId)).toEqual(c);
			}
		} finally {
			await wide.$disconnect();
		}
	});
});
