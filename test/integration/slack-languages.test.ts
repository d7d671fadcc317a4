import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modalAnswers } from "../../src/demo/modal-answers.js";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import { waitFor } from "../../src/sim/wait-for.js";
import { englishTitle, welshTitle } from "../support/invitation-titles.js";
import {
	importPeople,
	importRosterCsv,
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";
import { until } from "../support/until.js";

const day = 86_400_000;

/**
 * One person's roster row says `language=cy`, with Welsh turned on: every message they get (invitation, reminder,
 * the questions, the thank-you) is in Welsh, and everyone else gets exactly what they got before, in English.
 * Driven through the real Slack SDKs against the fake Slack.
 */
describe("a person's language from the roster (Slack)", () => {
	let t: TestCensus;
	let people: SyntheticEmployee[];
	let admin: SyntheticEmployee;
	let welsh: SyntheticEmployee;
	let others: SyntheticEmployee[];
	const openedAt = new Date();
	let now = openedAt;
	const clock = { now: () => now };

	const settled = () =>
		until(
			async () => {
				const rows = await t.runtime.prisma.$queryRawUnsafe<{ n: number }[]>(
					"select count(*)::int as n from delivery where state in ('queued', 'sending')",
				);
				return rows[0]?.n === 0;
			},
			30_000,
			"deliveries",
		);
	const dms = (p: SyntheticEmployee) => t.fake.messagesTo(p.slackUserId);
	const json = (m: { text?: string | undefined; blocks?: unknown }) =>
		JSON.stringify({ text: m.text, blocks: m.blocks });

	/** Answers through the invitation's button and the modal; returns the modal as opened and the send's reply. */
	async function answer(p: SyntheticEmployee) {
		const dm = dms(p)[0];
		if (!dm) throw new Error(`no invitation for ${p.email}`);
		await t.sim.clickButton({
			userId: p.slackUserId,
			actionId: "census_answer",
			channel: dm.channel,
			messageTs: dm.ts,
		});
		const view = await waitFor(
			() =>
				t.fake
					.openedViews(p.slackUserId)
					.filter((v) => v.callback_id === "census_answer_modal")
					.at(-1),
			10_000,
			"the answer modal",
		);
		const res = await t.sim.submitView({
			userId: p.slackUserId,
			view,
			values: modalAnswers(p.answers, ["key"]),
		});
		expect(res.status).toBe(200);
		await waitFor(
			() => (t.fake.findMessage(dm.channel, dm.ts)?.updates ? true : undefined),
			10_000,
			"the invitation replaced",
		);
		return { view: JSON.stringify(view), reply: res.body };
	}

	beforeAll(async () => {
		people = generateOrganisation(8, 7);
		admin = people[0] as SyntheticEmployee;
		welsh = people[1] as SyntheticEmployee;
		others = people.filter((p) => p !== welsh);
		t = await startTestCensus({
			admins: [admin.slackUserId],
			label: "languages",
			clock,
			tickMs: 250,
			languages: "cy",
		});
		expect(await importPeople(t, people)).toBe(0);
		// A second import of one row with the language column: the others keep theirs (no column, no change).
		expect(
			await importRosterCsv(
				t,
				`email,department,grade,language\n${welsh.email},${welsh.department},${welsh.grade},cy-GB\n`,
			),
		).toBe(0);
		const closes = new Date(openedAt.getTime() + 14 * day)
			.toISOString()
			.slice(0, 10);
		await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			`start channel=#leadership closes=${closes} reminders=1 runby="People <team>"`,
		);
		await until(
			async () => people.every((p) => dms(p).length === 1),
			30_000,
			"the invitations",
		);
		await settled();
	}, 120_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("invites the Welsh reader in Welsh, with Welsh dates, and everyone else in the same English message", () => {
		const invitation = dms(welsh)[0];
		expect(invitation?.text).toBe(welshTitle);
		const cy = json(invitation ?? {});
		expect(cy).toContain("Ar agor tan ddiwedd ");
		expect(cy).toContain("Ateb");
		expect(cy).toContain("Peidiwch â'm hatgoffa");
		expect(cy).toContain("*People &lt;team&gt;* yn cynnal y cyfrifiad hwn");
		expect(cy).toMatch(
			/(Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) 20\d\d/,
		);
		expect(cy).not.toContain(englishTitle);
		expect(cy).not.toContain("Open until");
		const english = others.map((p) => json(dms(p)[0] ?? {}));
		for (const m of english) {
			expect(m).toBe(english[0]);
			expect(m).toContain(englishTitle);
			expect(m).toContain("Open until the end of ");
			expect(m).not.toContain("Cyfrifiad");
		}
	});

	it("opens the trust statement in the language of the message its button is on", async () => {
		const dm = dms(welsh)[0];
		if (!dm) throw new Error("no invitation");
		await t.sim.clickButton({
			userId: welsh.slackUserId,
			actionId: "census_trust",
			channel: dm.channel,
			messageTs: dm.ts,
		});
		const view = JSON.stringify(
			await waitFor(
				() => t.fake.openedViews(welsh.slackUserId).at(-1),
				10_000,
				"the trust modal",
			),
		);
		expect(view).toContain("Sut rydyn ni'n diogelu");
		expect(view).toContain("Slack sy'n cludo'r traffig");
		expect(view).not.toContain("What we protect");
	});

	it("reminds the Welsh reader in Welsh and everyone else in English", async () => {
		now = new Date(openedAt.getTime() + 7.5 * day);
		await until(
			async () => people.every((p) => dms(p).length === 2),
			30_000,
			"the reminders",
		);
		await settled();
		const reminder = json(dms(welsh)[1] ?? {});
		expect(reminder).toContain("Nodyn atgoffa: mae ");
		expect(reminder).toContain("Peidiwch â'm hatgoffa");
		expect(reminder).not.toContain("A reminder");
		const english = others.map((p) => json(dms(p)[1] ?? {}));
		for (const m of english) {
			expect(m).toBe(english[0]);
			expect(m).toMatch(/^\{"text":"A reminder: /);
			expect(m).not.toContain("Nodyn");
		}
	});

	it("asks the questions and thanks the Welsh reader in Welsh, and another person in English", async () => {
		const cy = await answer(welsh);
		expect(cy.view).toContain("Cyfrifiad cefndir");
		expect(cy.view).toContain(
			"Beth oedd galwedigaeth prif enillydd eich cartref pan oeddech chi tua 14 oed?",
		);
		expect(cy.view).toContain("Anfon yn ddienw");
		expect(cy.reply).toContain("mae eich ateb wedi'i gofnodi'n ddienw");
		expect(dms(welsh)[0]?.text).toBe(
			"Diolch, mae eich ateb wedi'i gofnodi'n ddienw. Does dim byd arall i'w wneud.",
		);
		const other = others[1] as SyntheticEmployee;
		const en = await answer(other);
		expect(en.view).toContain("Background census");
		expect(en.view).toContain(
			"What was the occupation of your main household earner when you were about aged 14?",
		);
		expect(en.reply).toContain("your answer has been recorded anonymously");
		expect(dms(other)[0]?.text).toBe(
			"Thank you, your answer has been recorded anonymously. There's nothing more to do.",
		);
	});
});
