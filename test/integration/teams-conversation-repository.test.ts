import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asCampaignId } from "../../src/domain/ids.js";
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

	it("looks up in one statement the conversations of both ids and whoever holds the conversation, through indexes, writing nothing when it sees one", async () => {
		await repo.save(ada);
		const grace: TeamsConversation = {
			...ada,
			userId: "29:grace",
			aadObjectId: "00000000-0000-0000-0000-0000000064ace",
			conversationId: "a:grace-personal",
		};
		await repo.save(grace);
		const before = await version("29:ada");
		const userIds = (rows: TeamsConversation[]) =>
			rows.map((r) => r.userId).sort();
		// Ada from a chat nobody holds: her own row is seen.
		expect(
			await repo.lookUpOrCapture({ ...ada, conversationId: "a:nobody" }),
		).toEqual({ seen: [ada] });
		// Someone new with Grace's Entra id, from Ada's chat: both rows are seen, and nothing is captured.
		const stranger = {
			...ada,
			userId: "29:nobody",
			aadObjectId: grace.aadObjectId,
		};
		expect(userIds((await repo.lookUpOrCapture(stranger)).seen)).toEqual([
			"29:ada",
			"29:grace",
		]);
		expect(await repo.findByTeamsUserId("29:nobody")).toBeNull();
		expect(await version("29:ada")).toBe(before);
		const indexes = await prisma.$queryRawUnsafe<{ indexdef: string }[]>(
			"select indexdef from pg_indexes where tablename = 'teams_conversation'",
		);
		expect(indexes.some((i) => /\(conversation_id\)/.test(i.indexdef))).toBe(
			true,
		);
	});

	it("captures a first contact in the lookup itself, and reads an invitation only when asked", async () => {
		const newcomer: TeamsConversation = {
			...ada,
			userId: "29:newcomer",
			aadObjectId: "00000000-0000-0000-0000-0000000000ee",
			conversationId: "a:newcomer-personal",
		};
		expect(await repo.lookUpOrCapture(newcomer)).toEqual({ seen: [] });
		expect(await repo.findByTeamsUserId(newcomer.userId)).toEqual(newcomer);
		expect(await repo.lookUpOrCapture(newcomer)).toEqual({ seen: [newcomer] });
		// Invited to no campaign: asked about one, the invitation read is null.
		expect(
			await repo.lookUpOrCapture(
				newcomer,
				asCampaignId("00000000-0000-4000-8000-00000000c0de"),
			),
		).toEqual({ seen: [newcomer], participant: null });
	});

	it("captures the same first contact arriving ten times at once once, without an error", async () => {
		const wide = createPrismaClient(db.url, 10);
		const wideRepo = new TeamsConversationRepository(pgPoolOf(wide));
		try {
			for (let k = 0; k < 20; k++) {
				const c: TeamsConversation = {
					...ada,
					userId: `29:first${k}`,
					aadObjectId: `00000000-0000-0000-0000-0000000071${String(k).padStart(2, "0")}`,
					conversationId: `a:first${k}`,
				};
				const looked = await Promise.allSettled(
					Array.from({ length: 10 }, () => wideRepo.lookUpOrCapture(c)),
				);
				expect(looked.filter((s) => s.status === "rejected")).toEqual([]);
				expect(await repo.findByTeamsUserId(c.userId)).toEqual(c);
			}
		} finally {
			await wide.$disconnect();
		}
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
