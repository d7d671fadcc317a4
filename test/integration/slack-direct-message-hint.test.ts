import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import type { FakeMessage } from "../../src/sim/fake-slack-types.js";
import { waitFor } from "../../src/sim/wait-for.js";
import { english, translatorFor } from "../../src/text/translator.js";
import {
	importPeople,
	importRosterCsv,
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";
import { until } from "../support/until.js";

/**
 * An employee who opens the bot's Messages tab gets one short sentence (what the bot is, that it cannot read what
 * is typed there, how to answer, whom to ask), in their language, at most once a week; admins get none, and typing
 * to the bot gets nothing (it has no history scope, so Slack would not send it the message). Driven through the
 * real Bolt app against the fake Slack, with the real Redis.
 */
describe("the Slack bot's Messages tab opened by someone who is not an admin", () => {
	let t: TestCensus;
	let admin: SyntheticEmployee;
	let welsh: SyntheticEmployee;
	let ada: SyntheticEmployee;
	let bo: SyntheticEmployee;
	const contact = "people@example.org";
	const dms = (p: SyntheticEmployee) => t.fake.messagesTo(p.slackUserId);
	/** The bot's messages to `p` after their invitation. */
	const hints = (p: SyntheticEmployee): FakeMessage[] => dms(p).slice(1);

	async function open(p: SyntheticEmployee) {
		const sent = await t.sim.messagesTabOpened(p.slackUserId);
		expect(sent.status).toBe(200);
	}

	async function nextHint(p: SyntheticEmployee, n: number) {
		return waitFor(
			() => hints(p)[n - 1],
			15_000,
			`the bot's answer to ${p.email}`,
		);
	}

	beforeAll(async () => {
		const people = generateOrganisation(6, 11);
		[admin, welsh, ada, bo] = people as [
			SyntheticEmployee,
			SyntheticEmployee,
			SyntheticEmployee,
			SyntheticEmployee,
		];
		t = await startTestCensus({
			admins: [admin.slackUserId],
			label: "dmhint",
			languages: "cy",
		});
		expect(await importPeople(t, people)).toBe(0);
		expect(
			await importRosterCsv(
				t,
				`email,department,grade,language\n${welsh.email},${welsh.department},${welsh.grade},cy\n`,
			),
		).toBe(0);
		await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			`start channel=#leadership contact=${contact}`,
		);
		await until(
			async () => people.every((p) => dms(p).length === 1),
			30_000,
			"the invitations",
		);
	}, 120_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("says what the bot is, that it cannot read messages there, how to answer and the contact; typing gets nothing", async () => {
		const typed = await t.sim.directMessage(
			ada.slackUserId,
			"hello <!channel> what is this? my salary is 42k",
		);
		expect(typed.status).toBe(200);
		await open(ada);
		const hint = await nextHint(ada, 1);
		expect(hint.text).toBe(english.t("dm.hintAsk", { who: contact }));
		expect(hint.text).toContain("census");
		expect(hint.text).toContain("can't read messages");
		expect(hint.text).toContain(english.t("button.answer"));
		await new Promise((r) => setTimeout(r, 300));
		expect(hints(ada)).toHaveLength(1);
		expect(JSON.stringify(hints(ada))).not.toContain("42k");
	});

	it("says it in the person's language", async () => {
		await open(welsh);
		const hint = await nextHint(welsh, 1);
		expect(hint.text).toBe(
			translatorFor("cy").t("dm.hintAsk", { who: contact }),
		);
	});

	it("tells a person at most once a week, and each person for themselves; an admin gets nothing", async () => {
		await open(ada);
		await open(admin);
		await open(ada);
		// Bo's first opening is answered: by then the openings before it have been handled.
		await open(bo);
		await nextHint(bo, 1);
		await new Promise((r) => setTimeout(r, 500));
		expect(hints(ada)).toHaveLength(1);
		expect(hints(bo)).toHaveLength(1);
		const toAdmin = t.fake.messagesTo(admin.slackUserId);
		expect(
			toAdmin.filter((m) => m.text?.includes("I can't read messages")),
		).toEqual([]);
		// The week is kept in Redis, with its expiry.
		const redis = new Redis(t.runtime.redisUrl);
		const ttl = await redis
			.ttl(`${t.runtime.redisPrefix}:dm-hint:${ada.slackUserId}`)
			.finally(() => redis.disconnect());
		expect(ttl).toBeGreaterThan(7 * 86_400 - 400);
		expect(ttl).toBeLessThanOrEqual(7 * 86_400);
	});

	it("answers an admin's commands in the admin's roster language", async () => {
		const reply = async () => {
			const sent = await t.sim.slashCommand(
				admin.slackUserId,
				"/census",
				"frobnicate",
			);
			return waitFor(
				() =>
					(
						t.fake.responses.find((r) => r.url === sent.responseUrl)?.body as
							| { text?: string }
							| undefined
					)?.text,
				15_000,
				"the command's reply",
			);
		};
		const unknown = (tr: typeof english) =>
			tr.t("admin.unknown", { word: "frobnicate", help: "`/census help`" });
		expect(await reply()).toBe(unknown(english));
		expect(
			await importRosterCsv(
				t,
				`email,department,grade,language\n${admin.email},${admin.department},${admin.grade},cy\n`,
			),
		).toBe(0);
		expect(await reply()).toBe(unknown(translatorFor("cy")));
	});
});
