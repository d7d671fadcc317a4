import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerAdmission } from "../../src/chat/answer-admission.js";
import { teamsText, text } from "../../src/chat/messages.js";
import {
	type AdaptiveCard,
	verbs,
} from "../../src/chat/teams/cards/adaptive-card.js";
import { runRosterImport } from "../../src/cli/roster-import.js";
import { loadConfig } from "../../src/config.js";
import type { CampaignId } from "../../src/domain/ids.js";
import { catalogue } from "../../src/domain/questions/catalogue.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { createLogger } from "../../src/logger.js";
import {
	FakeBotConnector,
	personalConversationId,
} from "../../src/sim/fake-bot-connector.js";
import {
	cardAction,
	personalInstall,
	type TeamsActivityContext,
	type TeamsTestUser,
} from "../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import {
	type CardChooser,
	type CardReply,
	cardButton,
	cardQuestions,
	TeamsUserSimulator,
} from "../../src/sim/teams-user-simulator.js";
import { type CensusRuntime, startCensus } from "../../src/start-census.js";
import {
	createTestDatabase,
	type TestDatabase,
	testRedisPrefix,
} from "../support/test-database.js";

const appId = "00000000-0000-4000-8000-00000000a0a1";
const tenantId = "00000000-0000-4000-8000-0000000070a1";

/** Twelve people on Teams; the roster holds the bot-scoped `29:` id for all but one, whose Entra object id it holds. */
const people: TeamsTestUser[] = Array.from({ length: 12 }, (_, i) => ({
	id: `29:teams-person-${i}`,
	aadObjectId: `00000000-0000-4000-8000-${String(100_000_000_000 + i)}`,
	name: `Person ${i}`,
}));
const byEntraId = 5;
const stranger: TeamsTestUser = {
	id: "29:teams-stranger",
	aadObjectId: "00000000-0000-4000-8000-999999999999",
	name: "Not on the roster",
};

function rosterCsv(): string {
	const rows = people.map((p, i) =>
		[
			`teams${i}@example.org`,
			"Policy",
			"Grade 7",
			"",
			"",
			i === byEntraId ? p.aadObjectId : p.id,
			"Europe/London",
		].join(","),
	);
	return [
		"email,department,grade,manager_email,slack_user_id,teams_user_id,timezone",
		...rows,
		"",
	].join("\n");
}

/** Chooses, for each question, the option with this value (or leaves it out). */
const pick =
	(values: Record<string, string>): CardChooser =>
	(q) =>
		values[q.inputId];

function cardOf(reply: CardReply): AdaptiveCard {
	expect(reply.status).toBe(200);
	expect(reply.elapsedMs).toBeLessThan(5000);
	if (!reply.card) throw new Error("the invoke response carried no card");
	return reply.card;
}

describe("answering through Teams (Action.Execute)", () => {
	let db: TestDatabase;
	let raw: pg.Client;
	let dataDir: string;
	let connector: FakeBotConnector;
	let runtime: CensusRuntime;
	let campaignId: CampaignId;
	let ctx: TeamsActivityContext;
	let sender: TeamsActivitySender;
	const logs: string[] = [];
	const sim = (user: TeamsTestUser) =>
		new TeamsUserSimulator({ sender, ctx, user });

	async function statusOf(user: TeamsTestUser, i: number): Promise<string> {
		const res = await raw.query(
			"select i.status from invitation i join employee e on e.id = i.employee_id where e.teams_user_id = $1",
			[i === byEntraId ? user.aadObjectId : user.id],
		);
		return res.rows[0]?.status;
	}
	async function ballots(): Promise<number> {
		const res = await raw.query(
			"select count(*)::int as n from sealed_ballot where campaign_id = $1",
			[campaignId],
		);
		return res.rows[0].n;
	}

	// The process's load shedding, so that a test can take every slot and see what an overloaded process answers.
	const admission = new AnswerAdmission();

	beforeAll(async () => {
		db = await createTestDatabase("teamsanswer");
		dataDir = await mkdtemp(path.join(os.tmpdir(), "census-teams-answer-"));
		connector = await FakeBotConnector.start({ acceptToken: "injected" });
		const config = loadConfig({
			DATABASE_URL: db.url,
			REDIS_URL: "redis://127.0.0.1:6379",
			CENSUS_DATA_DIR: dataDir,
			CENSUS_SEALING_SECRET: randomBytes(32).toString("hex"),
			CENSUS_TALLY_KEY: ephemeralCustody().tallyKeyText,
			TEAMS_APP_ID: appId,
			TEAMS_APP_PASSWORD: "unused",
			TEAMS_TENANT_ID: tenantId,
			TEAMS_OPENID_METADATA_URL: connector.openIdMetadataUrl,
		});
		runtime = await startCensus(
			{ ...config, port: 0 },
			{
				// The tally role registers its key, so campaigns can be started (and closed).
				roles: ["web", "tally"],
				host: "127.0.0.1",
				redisPrefix: testRedisPrefix("teamsanswer"),
				logger: createLogger("debug", {
					write: (line: string) => void logs.push(line),
				}),
				teamsOutboundToken: async () => "injected",
				answerAdmission: admission,
			},
		);
		const csv = path.join(dataDir, "roster.csv");
		await writeFile(csv, rosterCsv());
		const sink = { write: () => true } as unknown as NodeJS.WritableStream;
		expect(
			await runRosterImport({
				file: csv,
				dryRun: false,
				databaseUrl: db.url,
				out: sink,
				progress: false,
			}),
		).toBe(0);
		const started = await runtime.service.start(
			{
				name: "Teams census",
				closesOn: "2099-01-01",
				channel: "#leadership",
				targetRate: 70,
				questions: ["key", "fsm"],
			},
			"29:admin",
		);
		if (!started.ok) throw new Error(`not started: ${started.reason}`);
		campaignId = started.campaign.id;
		ctx = { serviceUrl: connector.serviceUrl, tenantId, appId };
		sender = new TeamsActivitySender({
			messagesUrl: `${runtime.url}/api/messages`,
			appId,
			signer: connector.signer,
		});
		raw = new pg.Client({ connectionString: db.url });
		await raw.connect();
	}, 60_000);

	afterAll(async () => {
		await raw?.end();
		await runtime?.deliveries.queue
			.obliterate({ force: true })
			.catch(() => undefined);
		await runtime?.stop();
		if (runtime) {
			const redis = new Redis(runtime.redisUrl);
			const keys = await redis.keys(`${runtime.redisPrefix}:*`);
			if (keys.length > 0) await redis.del(...keys);
			redis.disconnect();
		}
		await connector?.close();
		await db?.drop();
		await rm(dataDir, { recursive: true, force: true });
	});

	describe("happy", () => {
		it("opens the campaign's questions with the stable option ids and prefer-not-to-say", async () => {
			const card = cardOf(
				await sim(people[0] as TeamsTestUser).openInvitation(campaignId),
			);
			const questions = cardQuestions(card);
			expect(questions.map((q) => q.inputId)).toEqual(["q_key", "q_fsm"]);
			expect(questions[0]?.options.map((o) => o.value)).toEqual(
				catalogue.key.options.map((o) => o.id),
			);
			expect(questions[0]?.options.map((o) => o.value)).toContain("occ_pnts");
			expect(questions[1]?.options.map((o) => o.value)).toContain("fsm_pnts");
			expect(cardButton(card, "census_submit")?.data).toEqual({ campaignId });
		});

		it("records an answer once, thanks without repeating it, and refuses a second one kindly", async () => {
			const person = people[1] as TeamsTestUser;
			const employee = sim(person);
			const questions = cardOf(await employee.openInvitation(campaignId));
			const choice = { q_key: "occ_routine", q_fsm: "fsm_no" };
			const thanks = cardOf(await employee.submit(questions, pick(choice)));
			expect(JSON.stringify(thanks)).toContain(text.thanks);
			const shown = JSON.stringify(thanks);
			for (const id of Object.values(choice)) expect(shown).not.toContain(id);
			const labels = [
				catalogue.key.options.find((o) => o.id === "occ_routine")?.label,
				catalogue.fsm.options.find((o) => o.id === "fsm_no")?.label,
			];
			for (const label of labels) expect(shown).not.toContain(label);
			expect(await statusOf(person, 1)).toBe("responded");
			expect(await ballots()).toBe(1);

			const second = cardOf(
				await employee.submit(questions, pick({ q_key: "occ_professional" })),
			);
			expect(JSON.stringify(second)).toContain(text.alreadyAnswered);
			expect(await ballots()).toBe(1);
			const again = cardOf(await employee.openInvitation(campaignId));
			expect(JSON.stringify(again)).toContain(text.alreadyAnswered);
			expect(cardQuestions(again)).toEqual([]);
		});

		it("finds a person whose roster row holds the Entra object id instead of the 29: id", async () => {
			const person = people[byEntraId] as TeamsTestUser;
			const employee = sim(person);
			const questions = cardOf(await employee.openInvitation(campaignId));
			expect(cardQuestions(questions)).toHaveLength(2);
			const thanks = cardOf(
				await employee.submit(
					questions,
					(q) => q.options.find((o) => o.value.endsWith("_pnts"))?.value,
				),
			);
			expect(JSON.stringify(thanks)).toContain(text.thanks);
			expect(await statusOf(person, byEntraId)).toBe("responded");
			expect(await ballots()).toBe(2);
		});

		it("records an opt-out and keeps the answer button; an answered person stays answered", async () => {
			const person = people[2] as TeamsTestUser;
			const card = cardOf(await sim(person).optOut(campaignId));
			expect(JSON.stringify(card)).toContain(text.optedOut);
			expect(cardButton(card, "census_answer")).toBeDefined();
			expect(cardButton(card, "census_optout")).toBeUndefined();
			expect(await statusOf(person, 2)).toBe("opted_out");
			const rates = await runtime.service.responseRates(campaignId);
			expect(rates.overall.optedOut).toBe(1);

			const answered = people[1] as TeamsTestUser;
			const reply = cardOf(await sim(answered).optOut(campaignId));
			expect(JSON.stringify(reply)).toContain(text.alreadyAnswered);
			expect(await statusOf(answered, 1)).toBe("responded");
		});

		it("counts a double click once: of two sends at the same moment, one is thanked and one told it was answered", async () => {
			const person = people[8] as TeamsTestUser;
			const employee = sim(person);
			const questions = cardOf(await employee.openInvitation(campaignId));
			const before = await ballots();
			const replies = await Promise.all(
				[0, 1].map(() =>
					employee.submit(questions, pick({ q_key: "occ_manager" })),
				),
			);
			const texts = replies.map((r) => JSON.stringify(cardOf(r)));
			expect(texts.filter((t) => t.includes(text.thanks))).toHaveLength(1);
			expect(
				texts.filter((t) => t.includes(text.alreadyAnswered)),
			).toHaveLength(1);
			expect(await ballots()).toBe(before + 1);
		});

		it("lets someone who opted out still answer", async () => {
			const employee = sim(people[2] as TeamsTestUser);
			const questions = cardOf(await employee.openInvitation(campaignId));
			const thanks = cardOf(
				await employee.submit(questions, (q) => q.options[0]?.value),
			);
			expect(JSON.stringify(thanks)).toContain(text.thanks);
			expect(await ballots()).toBe(4);
		});
	});

	describe("error", () => {
		it("tells someone who is not on the roster there is nothing to answer", async () => {
			const employee = sim(stranger);
			const opened = cardOf(await employee.openInvitation(campaignId));
			expect(JSON.stringify(opened)).toContain(text.notInvited);
			const questions = cardOf(
				await sim(people[3] as TeamsTestUser).openInvitation(campaignId),
			);
			const submitted = cardOf(
				await employee.submit(questions, (q) => q.options[0]?.value),
			);
			expect(JSON.stringify(submitted)).toContain(text.notInvited);
			expect(await ballots()).toBe(4);
		});

		it("says the census is closed for a campaign that is not open", async () => {
			const card = cardOf(
				await sim(people[3] as TeamsTestUser).openInvitation(randomUUID()),
			);
			expect(JSON.stringify(card)).toContain(text.closed);
		});

		it("shows the questions again, with the problem, for an option id that is not in the catalogue", async () => {
			const person = people[3] as TeamsTestUser;
			const employee = sim(person);
			const questions = cardOf(await employee.openInvitation(campaignId));
			const refused = cardOf(
				await employee.submit(
					questions,
					pick({ q_key: "occ_made_up", q_fsm: "fsm_no" }),
				),
			);
			expect(JSON.stringify(refused)).toContain(text.invalidAnswer);
			expect(cardQuestions(refused).map((q) => q.inputId)).toEqual([
				"q_key",
				"q_fsm",
			]);
			expect(JSON.stringify(refused)).not.toContain("occ_made_up");
			const wrongQuestion = cardOf(
				await employee.execute("census_submit", {
					campaignId,
					q_school: "sch_pnts",
				}),
			);
			expect(JSON.stringify(wrongQuestion)).toContain(text.invalidAnswer);
			const tooLong = cardOf(
				await employee.execute("census_submit", {
					campaignId,
					q_key: "x".repeat(151),
				}),
			);
			expect(JSON.stringify(tooLong)).toContain(text.invalidAnswer);
			expect(await statusOf(person, 3)).toBe("pending");
			expect(await ballots()).toBe(4);
		});

		it("rejects a bad campaign id and an unknown verb with a 400 invoke response, recording nothing", async () => {
			const employee = sim(people[3] as TeamsTestUser);
			const badId = await employee.execute("census_submit", {
				campaignId: "not-a-uuid",
				q_key: "occ_routine",
			});
			expect(badId.status).toBe(400);
			expect(badId.error?.code).toBe("BadRequest");
			expect(badId.card).toBeUndefined();
			const unknown = await employee.execute("census_delete_everything", {
				campaignId,
			});
			expect(unknown.status).toBe(400);
			expect(unknown.error?.code).toBe("BadRequest");
			expect(await statusOf(people[3] as TeamsTestUser, 3)).toBe("pending");
			expect(await ballots()).toBe(4);
		});

		it("says so, with a reference, when an answer cannot be stored, and records nothing", async () => {
			const person = people[7] as TeamsTestUser;
			const employee = sim(person);
			const questions = cardOf(await employee.openInvitation(campaignId));
			const choice = pick({ q_key: "occ_clerical", q_fsm: "fsm_yes" });
			try {
				await raw.query(
					"alter table sealed_ballot rename to sealed_ballot_away",
				);
				const failed = JSON.stringify(
					cardOf(await employee.submit(questions, choice)),
				);
				expect(failed).toMatch(
					/something went wrong on our side and nothing was changed/,
				);
				expect(failed).toMatch(/reference [0-9a-f]{8}/);
				expect(failed).not.toContain("occ_clerical");
				const ref = /reference ([0-9a-f]{8})/.exec(failed)?.[1];
				expect(logs.some((l) => l.includes(`"requestId":"${ref}"`))).toBe(true);
				expect(await statusOf(person, 7)).toBe("pending");
			} finally {
				await raw.query(
					"alter table if exists sealed_ballot_away rename to sealed_ballot",
				);
			}
			const retried = cardOf(await employee.submit(questions, choice));
			expect(JSON.stringify(retried)).toContain(text.thanks);
			expect(await statusOf(person, 7)).toBe("responded");
			expect(await ballots()).toBe(5);
		});
	});

	describe("security", () => {
		it("never logs an option id next to a user id", () => {
			expect(logs.length).toBeGreaterThan(0);
			const optionIds = Object.values(catalogue).flatMap((q) =>
				q.options.map((o) => o.id),
			);
			const userIds = [...people, stranger].flatMap((p) => [
				p.id,
				p.aadObjectId,
			]);
			const linked = logs.filter(
				(line) =>
					optionIds.some((o) => line.includes(o)) &&
					userIds.some((u) => line.includes(u)),
			);
			expect(linked).toEqual([]);
			// A caller's verb is text we did not write: it is not logged either.
			expect(
				logs.filter((l) => l.includes("census_delete_everything")),
			).toEqual([]);
			// Stronger: the options chosen in this file appear in no log line at all.
			for (const chosen of ["occ_routine", "fsm_no", "occ_clerical"])
				expect(logs.filter((l) => l.includes(chosen))).toEqual([]);
		});
	});
	describe("only from the person's own chat", () => {
		const victim = people[9] as TeamsTestUser;
		const intruder = people[10] as TeamsTestUser;
		const choice = { campaignId: "", q_key: "occ_manager", q_fsm: "fsm_no" };
		/** A signed invoke that names `victim` in `from`, sent from `conversation`. */
		const forged = (verb: string, conversation: Record<string, unknown>) => {
			const activity = cardAction(ctx, victim, {
				verb,
				data: { ...choice, campaignId },
			});
			return { ...activity, conversation };
		};
		const replyOf = async (activity: Record<string, unknown>) => {
			const answer = await sender.post(activity);
			expect(answer.status).toBe(200);
			return answer.body;
		};

		beforeAll(async () => {
			// Both installed the app: their personal chats are captured.
			for (const p of [victim, intruder])
				expect((await sender.post(personalInstall(ctx, p))).status).toBe(200);
		});

		it("refuses an answer or opt-out naming someone else, sent from another person's personal chat", async () => {
			const before = await ballots();
			const intruderChat = {
				conversationType: "personal",
				tenantId,
				id: personalConversationId(intruder.id),
			};
			for (const verb of [verbs.submit, verbs.optOut, verbs.answer]) {
				const body = await replyOf(forged(verb, intruderChat));
				expect(body).toContain(teamsText.ownChatOnly);
				expect(body).not.toContain(text.thanks);
			}
			expect(await statusOf(victim, 9)).toBe("pending");
			expect(await ballots()).toBe(before);
		});

		it("refuses them from a group chat or a channel, and from a chat re-pointed through the Entra id", async () => {
			const before = await ballots();
			const places = [
				{ conversationType: "groupChat", tenantId, id: "19:group@thread.v2" },
				{
					conversationType: "channel",
					tenantId,
					id: "19:channel@thread.tacv2;messageid=1",
				},
			];
			for (const conversation of places)
				expect(await replyOf(forged(verbs.submit, conversation))).toContain(
					teamsText.ownChatOnly,
				);
			// A fresh bot-scoped id carrying the victim's Entra object id, from a new chat: not theirs either.
			const fresh = cardAction(
				ctx,
				{ ...victim, id: "29:someone-new" },
				{ verb: verbs.submit, data: { ...choice, campaignId } },
			);
			expect(await replyOf(fresh)).toContain(teamsText.ownChatOnly);
			expect(await statusOf(victim, 9)).toBe("pending");
			expect(await ballots()).toBe(before);
			const captured = await raw.query(
				"select conversation_id from teams_conversation where aad_object_id = $1",
				[victim.aadObjectId],
			);
			expect(captured.rows).toEqual([
				{ conversation_id: personalConversationId(victim.id) },
			]);
		});

		it("still takes the same answer from the person's own chat", async () => {
			const body = await replyOf(
				forged(verbs.submit, {
					conversationType: "personal",
					tenantId,
					id: personalConversationId(victim.id),
				}),
			);
			expect(body).toContain(text.thanks);
			expect(await statusOf(victim, 9)).toBe("responded");
		});
	});

	describe("overload", () => {
		it("under overload shows the questions again with 'busy' and stores nothing; sent again, it counts once", async () => {
			const person = people[11] as TeamsTestUser;
			const employee = sim(person);
			const questions = cardOf(await employee.openInvitation(campaignId));
			const before = await ballots();
			// Every slot taken, as when the process is answering as many people as it can.
			const held = [];
			for (
				let t = admission.enter(performance.now());
				t;
				t = admission.enter(performance.now())
			)
				held.push(t);
			const busy = cardOf(
				await employee.submit(questions, pick({ q_key: "occ_clerical" })),
			);
			for (const t of held) t.release();
			expect(JSON.stringify(busy)).toContain(text.busy);
			expect(cardQuestions(busy).map((q) => q.inputId)).toEqual([
				"q_key",
				"q_fsm",
			]);
			expect(await statusOf(person, 11)).not.toBe("responded");
			expect(await ballots()).toBe(before);
			const thanks = cardOf(
				await employee.submit(busy, pick({ q_key: "occ_clerical" })),
			);
			expect(JSON.stringify(thanks)).toContain(text.thanks);
			expect(await statusOf(person, 11)).toBe("responded");
			expect(await ballots()).toBe(before + 1);
		});
	});
});
