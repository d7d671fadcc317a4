import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { teamsHelpText, teamsText, text } from "../../src/chat/messages.js";
import {
	type AdaptiveCard,
	adaptiveCardType,
	verbs,
} from "../../src/chat/teams/cards/adaptive-card.js";
import { runRosterImport } from "../../src/cli/roster-import.js";
import { loadConfig } from "../../src/config.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { createLogger } from "../../src/logger.js";
import { renderChartPng } from "../../src/reports/render-chart-png.js";
import {
	FakeBotConnector,
	personalConversationId,
} from "../../src/sim/fake-bot-connector.js";
import type { ConnectorCall } from "../../src/sim/fake-bot-connector-types.js";
import {
	channelMention,
	personalMessage,
	type TeamsActivityContext,
	type TeamsActivityJson,
	type TeamsTestUser,
} from "../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import { type CensusRuntime, startCensus } from "../../src/start-census.js";
import { formatClosingDay, formatDate } from "../../src/text/format-date.js";
import { compileCardSchema } from "../support/adaptive-card-schema.js";
import {
	createTestDatabase,
	type TestDatabase,
	testRedisPrefix,
} from "../support/test-database.js";
import { until } from "../support/until.js";

const appId = "00000000-0000-4000-8000-00000000a004";
const tenantId = "00000000-0000-4000-8000-0000000070e4";
/** An admin by Entra object id (in CENSUS_ADMINS), not on the roster. */
const ada: TeamsTestUser = {
	id: "29:ada",
	aadObjectId: "00000000-0000-4000-8000-000000000ada",
	name: "Ada",
};
/** An admin by roster email: the roster gives her Teams id. */
const grace: TeamsTestUser = {
	id: "29:grace",
	aadObjectId: "00000000-0000-4000-8000-00000000096a",
	name: "Grace",
};
/** On the roster, not an admin. */
const eve: TeamsTestUser = {
	id: "29:eve",
	aadObjectId: "00000000-0000-4000-8000-000000000e0e",
	name: "Eve",
};
const leadership = "19:abc@thread.tacv2";
const boardroom = {
	teamId: "19:team@thread.tacv2",
	channelId: "19:boardroom@thread.tacv2",
};
const validate = compileCardSchema();

function expectValidCard(card: unknown): AdaptiveCard {
	expect(validate(card), JSON.stringify(validate.errors)).toBe(true);
	return card as AdaptiveCard;
}

function cardOf(call: ConnectorCall | undefined): AdaptiveCard {
	const attachments = call?.body.attachments as
		| { contentType: string; content: unknown }[]
		| undefined;
	expect(attachments?.[0]?.contentType).toBe(adaptiveCardType);
	return expectValidCard(attachments?.[0]?.content);
}

/** Every object anywhere in a card, depth first. */
function objects(value: unknown): Record<string, unknown>[] {
	if (Array.isArray(value)) return value.flatMap(objects);
	if (value && typeof value === "object")
		return [
			value as Record<string, unknown>,
			...Object.values(value).flatMap(objects),
		];
	return [];
}

function inDays(days: number): string {
	return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Admin commands in Teams, through the whole app (PostgreSQL, Redis) against the fake Bot Connector. */
describe("census admin commands in Teams", () => {
	let db: TestDatabase;
	let dataDir: string;
	let connector: FakeBotConnector;
	let runtime: CensusRuntime;
	let sender: TeamsActivitySender;
	let ctx: TeamsActivityContext;
	const logs: string[] = [];

	/** Sends a message and returns the texts and calls the bot answered with. */
	async function say(activity: TeamsActivityJson) {
		const before = connector.calls.length;
		const answer = await sender.post(activity);
		expect(answer.status).toBe(200);
		const calls = connector.calls.slice(before);
		return { calls, texts: calls.map((c) => c.body.text) };
	}
	const personal = (user: TeamsTestUser, t: string) =>
		say(personalMessage(ctx, user, t));
	/**
	 * Sends a command that runs after its turn (start, check, close, remind, resend-unknown): the turn answers with
	 * one reply saying it has begun; returns that, and the `sends` messages then sent proactively into the same
	 * conversation.
	 */
	async function sayLong(activity: TeamsActivityJson, sends: number) {
		const before = connector.calls.length;
		const answer = await sender.post(activity);
		expect(answer.status).toBe(200);
		const turn = connector.calls.slice(before);
		expect(turn.map((c) => c.kind)).toEqual(["reply"]);
		const later = () =>
			connector.calls
				.slice(before)
				.filter(
					(c) =>
						c.kind === "send" &&
						c.conversationId === (activity.conversation as { id: string }).id,
				);
		await until(() => later().length >= sends, 30_000, "the command's outcome");
		const calls = later();
		return {
			ack: String(turn[0]?.body.text),
			calls,
			texts: calls.map((c) => c.body.text),
		};
	}
	const personalLong = (user: TeamsTestUser, t: string, sends = 1) =>
		sayLong(personalMessage(ctx, user, t), sends);

	beforeAll(async () => {
		db = await createTestDatabase("teamsadmin");
		dataDir = await mkdtemp(path.join(os.tmpdir(), "census-teams-admin-"));
		const csv = path.join(dataDir, "roster.csv");
		const people = Array.from({ length: 12 }, (_, i) => [
			`person${i}@example.org`,
			"Operations",
			i % 2 === 0 ? "EO" : "HEO",
			"",
			"",
			`29:person${i}`,
			"Europe/London",
		]);
		people.push(
			["grace@example.org", "Operations", "HEO", "", "", grace.id, ""],
			["eve@example.org", "Operations", "EO", "", "", eve.aadObjectId, ""],
		);
		await writeFile(
			csv,
			[
				"email,department,grade,manager_email,slack_user_id,teams_user_id,timezone",
				...people.map((p) => p.join(",")),
				"",
			].join("\n"),
		);
		connector = await FakeBotConnector.start({ acceptToken: "injected" });
		const config = loadConfig({
			DATABASE_URL: db.url,
			REDIS_URL: "redis://127.0.0.1:6379",
			CENSUS_DATA_DIR: dataDir,
			CENSUS_SEALING_SECRET: randomBytes(32).toString("hex"),
			CENSUS_TALLY_KEY: ephemeralCustody().tallyKeyText,
			CENSUS_ADMINS: `${ada.aadObjectId},Grace@Example.org`,
			TEAMS_APP_ID: appId,
			TEAMS_APP_PASSWORD: "unused",
			TEAMS_TENANT_ID: tenantId,
			TEAMS_OPENID_METADATA_URL: connector.openIdMetadataUrl,
			TEAMS_SERVICE_URL: connector.serviceUrl,
		});
		runtime = await startCensus(
			{ ...config, port: 0 },
			{
				// The tally role too: `census close` is handed to it through the tally queue.
				roles: ["web", "tally"],
				host: "127.0.0.1",
				redisPrefix: testRedisPrefix("teamsadmin"),
				logger: createLogger("info", {
					write: (l: string) => void logs.push(l),
				}),
				teamsOutboundToken: async () => "injected",
				renderChart: renderChartPng,
			},
		);
		expect(
			await runRosterImport({
				file: csv,
				dryRun: false,
				databaseUrl: db.url,
				out: { write: () => true } as unknown as NodeJS.WritableStream,
				progress: false,
			}),
		).toBe(0);
		sender = new TeamsActivitySender({
			messagesUrl: `${runtime.url}/api/messages`,
			appId,
			signer: connector.signer,
		});
		ctx = { serviceUrl: connector.serviceUrl, tenantId, appId };
	});
	afterAll(async () => {
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
	beforeEach(() => {
		logs.length = 0;
	});

	describe("security", () => {
		it("refuses every subcommand to a non-admin, and changes nothing", async () => {
			for (const t of [
				"census help",
				`census start name="Eve's census" channel=${leadership}`,
				"census status",
				"census close",
			]) {
				expect((await personal(eve, t)).texts).toEqual([text.notAdmin]);
			}
			const mention = await say(
				channelMention(ctx, eve, boardroom, "census start"),
			);
			expect(mention.texts).toEqual([text.notAdmin]);
			expect(await runtime.service.currentCampaign()).toBeNull();
			expect(await runtime.service.listCampaigns()).toEqual([]);
		});

		it("runs an admin's command only from their own chat or a channel, not a group chat or someone else's chat", async () => {
			// Eve's chat is captured first; a signed message naming Ada, sent from Eve's chat, acts for nobody.
			await personal(eve, "hello");
			const fromEvesChat = {
				...personalMessage(
					ctx,
					ada,
					`census start name="Forged" channel=${leadership}`,
				),
				conversation: {
					conversationType: "personal",
					tenantId: ctx.tenantId,
					id: personalConversationId(eve.id),
				},
			};
			const groupChat = {
				...personalMessage(ctx, ada, "census status"),
				conversation: {
					conversationType: "groupChat",
					isGroup: true,
					tenantId: ctx.tenantId,
					id: "19:group@thread.v2",
				},
			};
			for (const activity of [fromEvesChat, groupChat])
				expect((await say(activity)).texts).toEqual([teamsText.ownChatOnly]);
			expect(await runtime.service.listCampaigns()).toEqual([]);
		});
	});

	describe("happy", () => {
		let campaignId = "";

		it("answers help in Teams' words to an admin by Entra object id", async () => {
			expect((await personal(ada, "census help")).texts).toEqual([
				teamsHelpText,
			]);
			expect(teamsHelpText).toContain("`census start name=");
			expect(teamsHelpText).not.toContain("/census");
		});

		it("starts a census from personal chat with channel= a Teams channel", async () => {
			const closes = inDays(20);
			const { ack, texts } = await personalLong(
				ada,
				`census start name="Teams census" closes=${closes} channel=${leadership} target=60`,
			);
			expect(ack).toBe(
				"Starting **Teams census**… I'll message you here once the invitations are queued, or if it cannot start.",
			);
			expect(texts).toEqual([
				expect.stringMatching(
					new RegExp(
						`^\\*\\*Teams census\\*\\* is open until ${formatClosingDay(closes)}\\. .*The report goes to ${leadership}\\.( .*)?$`,
					),
				),
			]);
			const campaign = await runtime.service.currentCampaign();
			expect(campaign).toMatchObject({
				name: "Teams census",
				status: "open",
				channel: leadership,
				closesOn: closes,
				targetRate: 60,
			});
			campaignId = campaign?.id ?? "";
			if (!campaign) throw new Error("no campaign");
			const invites = (await runtime.outbox.countDeliveries(campaign.id))
				.filter((c) => c.kind === "invite")
				.reduce((n, c) => n + c.count, 0);
			if (invites < 14)
				expect(texts[0]).toContain(
					`(${14 - invites} on the roster cannot be reached and are left out of the rates)`,
				);
		});

		it("explains what is wrong with a start, in Teams' words", async () => {
			const { texts } = await personal(grace, "census start target=500");
			expect(texts).toEqual([
				expect.stringMatching(
					/^Can't start the census: .*target must be a whole percentage.*\nUsage: `census start name=/,
				),
			]);
		});

		it("shows status as a card to an admin by roster email", async () => {
			const { calls } = await personal(grace, "census status");
			expect(calls).toHaveLength(1);
			const card = cardOf(calls[0]);
			expect(card.fallbackText).toBe("Teams census: 0% responded");
			expect(JSON.stringify(card.body)).toContain(
				"**Teams census**: 0% responded (0 of 14; target 60%)",
			);
		});

		it("in a channel, status shows only the organisation's published rate, recorded as a release, and points to personal chat", async () => {
			const { calls } = await say(
				channelMention(ctx, ada, boardroom, "census status"),
			);
			expect(calls.map((c) => c.kind)).toEqual(["reply"]);
			const card = cardOf(calls[0]);
			const body = JSON.stringify(card.body);
			expect(body).toContain(
				"**Teams census**: about 0% of people have answered so far (target 60%)",
			);
			expect(body).toContain("Send `census status` in our personal chat");
			// No group, no respondent count, no delivery counts: those stay with the admin.
			expect(body).not.toMatch(/Operations|of 14|Invitations|Reminders/);
			const releases = await runtime.prisma.release.findMany({
				where: { kind: "participation" },
				orderBy: { createdAt: "asc" },
			});
			expect(releases.at(-1)?.counts).toEqual({ organisation: 0 });
		});

		it("holds a progress post that would show a change of fewer than k respondents since the last published figure", async () => {
			const campaign = await runtime.service.currentCampaign();
			if (!campaign) throw new Error("no open campaign");
			const rows = await runtime.prisma.$queryRawUnsafe<
				{ id: string; status: string }[]
			>(
				"select employee_id::text as id, status from invitation where campaign_id = $1::uuid order by employee_id",
				campaign.id,
			);
			const mark = (ids: string[], status: string) =>
				runtime.prisma.$executeRawUnsafe(
					"update invitation set status = $3 where campaign_id = $1::uuid and employee_id = any($2::uuid[])",
					campaign.id,
					ids,
					status,
				);
			const ids = rows.map((r) => r.id);
			const progress = async (wave: number) => {
				await runtime.outreach.progress(campaign, wave);
				const last = await runtime.prisma.release.findFirst({
					where: { campaignId: campaign.id, kind: "participation" },
					orderBy: { createdAt: "desc" },
				});
				return last?.body as { kind: string; organisationPercent: number };
			};
			try {
				// 3 answers since the channel saw 0: fewer than k (10), so the post still says 0%.
				await mark(ids.slice(0, 3), "responded");
				expect(await progress(900)).toMatchObject({
					kind: "progress",
					organisationPercent: 0,
				});
				// Everyone: a change of at least k, shown as it is.
				await mark(ids, "responded");
				expect((await progress(901)).organisationPercent).toBe(100);
			} finally {
				for (const r of rows) await mark([r.id], r.status);
				// The two posts are not this file's business: they must not land in a later test's replies.
				await runtime.prisma.$executeRawUnsafe(
					"update delivery set state = 'cancelled' where campaign_id = $1::uuid and kind = 'post' and wave in (900, 901) and state = 'queued'",
					campaign.id,
				);
			}
		});

		it("queues a reminder wave", async () => {
			const { texts } = await personalLong(ada, "census remind");
			expect(texts).toEqual([expect.stringMatching(/^Reminder wave 1: /)]);
		});

		it("in a channel, a reminder wave's reply does not say how many were reminded (that many have not answered)", async () => {
			const { texts } = await sayLong(
				channelMention(ctx, ada, boardroom, "census remind"),
				1,
			);
			expect(texts).toEqual([
				expect.stringMatching(
					/^Reminder wave \d+: Reminders queued for people/,
				),
			]);
			expect(texts[0]).not.toMatch(/\d+ reminders?\b/);
		});

		it("nudges and resends by channel mention, answering in the thread", async () => {
			const nudge = await say(
				channelMention(ctx, ada, boardroom, "census nudge"),
			);
			expect(nudge.calls.map((c) => c.kind)).toEqual(["reply"]);
			expect(nudge.texts[0]).toMatch(/manager|nudge/);
			const resend = await sayLong(
				channelMention(ctx, grace, boardroom, "census resend-unknown"),
				1,
			);
			// Answered in the thread, the outcome too: the proactive message goes into the mention's thread.
			expect(resend.calls[0]?.conversationId).toMatch(
				/^19:boardroom@thread\.tacv2;messageid=/,
			);
			expect(resend.texts).toEqual(["No message has an unknown delivery."]);
		});

		it("refuses a second start while one is open, in Teams' words", async () => {
			const { texts } = await personalLong(
				grace,
				`census start name="Again" channel=${leadership}`,
			);
			expect(texts).toEqual([
				"**Teams census** is already open. Close it with `census close` before starting another.",
			]);
		});

		it("closes, then previews the report with a Post button for the campaign", async () => {
			const { texts, calls } = await personalLong(ada, "census close", 2);
			expect(texts[0]).toMatch(
				/^\*\*Teams census\*\* is closed\. 0 answers were tallied/,
			);
			expect(calls).toHaveLength(2);
			const preview = cardOf(calls[1]);
			const post = objects(preview).find((o) => o.type === "Action.Execute");
			expect(post).toMatchObject({
				verb: verbs.publish,
				data: { campaignId },
			});
			expect(JSON.stringify(preview)).toContain(`Post to ${leadership}`);
		});

		it("shows the results preview again with census results", async () => {
			const { calls } = await personal(grace, "census results");
			expect(calls).toHaveLength(1);
			expect(cardOf(calls[0]).fallbackText).toBe(
				"Teams census: results preview",
			);
		});

		it("does not show the preview in a channel, where everyone would see it", async () => {
			const { texts } = await say(
				channelMention(ctx, ada, boardroom, "census results"),
			);
			expect(texts).toEqual([
				expect.stringContaining("shown only in our personal chat"),
			]);
		});

		it("posts the report card to the Teams channel from the preview's button, and records it", async () => {
			const before = connector.calls.length;
			const answer = await sender.post(
				cardAction(ada, verbs.publish, { campaignId }),
			);
			expect(answer.status).toBe(200);
			const response = JSON.parse(answer.body) as {
				statusCode: number;
				type: string;
				value: unknown;
			};
			expect(response.statusCode).toBe(200);
			expect(response.type).toBe(adaptiveCardType);
			const replaced = expectValidCard(response.value);
			const today = new Date().toISOString().slice(0, 10);
			// The day as the reader writes it, not the ISO date.
			expect(JSON.stringify(replaced)).toContain(
				`Posted to ${leadership} on ${formatDate(today)}.`,
			);
			const sent = connector.calls.slice(before);
			expect(sent).toHaveLength(1);
			expect(sent[0]).toMatchObject({
				kind: "send",
				conversationId: leadership,
				status: 201,
			});
			expect(cardOf(sent[0]).fallbackText).toBe("Teams census: results");
			const [summary] = await runtime.service.listCampaigns(1);
			expect(summary?.publishedOn).toBe(today);
		});

		it("refuses the Post button to a non-admin, posting nothing", async () => {
			const before = connector.calls.length;
			const answer = await sender.post(
				cardAction(eve, verbs.publish, { campaignId }),
			);
			const response = JSON.parse(answer.body) as { value: unknown };
			expect(JSON.stringify(expectValidCard(response.value))).toContain(
				text.notAdmin,
			);
			expect(connector.calls.slice(before)).toEqual([]);
		});

		it("starts a census by channel mention without channel=, reporting to that channel", async () => {
			const { calls, texts } = await sayLong(
				channelMention(
					ctx,
					grace,
					boardroom,
					'census start name="Board census"',
				),
				1,
			);
			expect(calls[0]?.kind).toBe("send");
			expect(texts).toEqual([
				expect.stringContaining(`The report goes to ${boardroom.channelId}.`),
			]);
			expect(await runtime.service.currentCampaign()).toMatchObject({
				name: "Board census",
				channel: boardroom.channelId,
			});
		});
	});

	describe("error", () => {
		it("answers a storage failure with the error text and a reference, never the stack", async () => {
			await runtime.prisma.$executeRawUnsafe(
				"alter table campaign rename to campaign_away",
			);
			try {
				const { texts } = await personal(ada, "census status");
				const ref = /reference ([0-9a-f]{8})/.exec(String(texts[0]))?.[1];
				expect(texts).toEqual([text.error(ref ?? "?")]);
				expect(logs.some((l) => l.includes(`"requestId":"${ref}"`))).toBe(true);
			} finally {
				await runtime.prisma.$executeRawUnsafe(
					"alter table campaign_away rename to campaign",
				);
			}
		});
	});

	/** The invoke Teams sends when a card's Action.Execute is clicked in personal chat. */
	function cardAction(
		user: TeamsTestUser,
		verb: string,
		data: Record<string, string>,
	): TeamsActivityJson {
		const {
			text: _text,
			textFormat: _format,
			...base
		} = personalMessage(ctx, user, "");
		return {
			...base,
			type: "invoke",
			name: "adaptiveCard/action",
			value: {
				action: { type: "Action.Execute", verb, data },
				trigger: "manual",
			},
		};
	}
});
